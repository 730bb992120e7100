import { DAY_MS } from '../../foundation/time.ts';
import { int, num, type Setting } from '../setting.ts';

/** Hot reload and retraining: how often, from what, and when a trained bundle is not served. */
export const RETRAINING_SETTINGS = {
  reloadIntervalMs: {
    env: 'RECO_RELOAD_INTERVAL_MS',
    flag: 'reload-interval',
    default: 10_000,
    description:
      'How often the server checks `<model>/current` for a new bundle (0 = only POST /admin/reload)',
    parse: int(0, DAY_MS),
  },
  retrainIntervalMs: {
    env: 'RECO_RETRAIN_INTERVAL_MS',
    flag: 'retrain-interval',
    default: 0,
    description: 'Retrain from the stored events this often, in a child process, then hot-reload (0 = off)',
    parse: int(0, 30 * DAY_MS),
  },
  retrainMinEvents: {
    env: 'RECO_RETRAIN_MIN_EVENTS',
    flag: 'retrain-min-events',
    default: 1,
    description: 'Retrain only when at least this many events arrived since the last training',
    parse: int(1, 1_000_000_000),
  },
  bootstrapMinEvents: {
    env: 'RECO_BOOTSTRAP_MIN_EVENTS',
    flag: 'bootstrap-min-events',
    default: 100,
    description:
      'With no model at all, train from the stored events once this many are stored and none arrived for 5 s (0 = never)',
    parse: int(0, 1_000_000_000),
  },
  retrainMaxShrink: {
    env: 'RECO_RETRAIN_MAX_SHRINK',
    flag: 'retrain-max-shrink',
    default: 0.5,
    description:
      'A trained bundle is not served when its catalogue or user count is more than this share smaller than the served one, or its NDCG@10 on the same validation users is lower beyond noise (`reco train --allow-shrink` overrides)',
    parse: num(0, 1),
  },
  keepBundles: {
    env: 'RECO_KEEP_BUNDLES',
    flag: 'keep-bundles',
    default: 3,
    description:
      'Old bundles kept besides `current` after each training (newest first; a bundle a server still serves is never deleted)',
    parse: int(0, 1_000_000),
  },
  retrainDataDir: {
    env: 'RECO_RETRAIN_DATA_DIR',
    flag: 'retrain-data',
    default: '',
    description: 'Data directory retraining adds to the stored events (empty = the store alone)',
    parse: (raw: string) => raw,
  },
} satisfies Record<string, Setting<string | number | boolean>>;
