import { int, type Setting } from '../setting.ts';

/** Ten years: a bound that catches a value given in the wrong unit (milliseconds, seconds). */
const MAX_DAYS = 3650;

/** How long stored events are kept (a background job of the server deletes older ones; 0 = for ever). */
export const RETENTION_SETTINGS = {
  eventRetentionDays: {
    env: 'RECO_EVENT_RETENTION_DAYS',
    flag: 'event-retention-days',
    default: 0,
    description:
      'Delete stored events and searches older than this many days, in batches, hourly (0 = keep for ever). Training reads only what is left',
    parse: int(0, MAX_DAYS),
  },
  impressionRetentionDays: {
    env: 'RECO_IMPRESSION_RETENTION_DAYS',
    flag: 'impression-retention-days',
    default: 0,
    description:
      'Delete stored impressions older than this many days (0 = as other events); at most RECO_EVENT_RETENTION_DAYS when that is on',
    parse: int(0, MAX_DAYS),
  },
} satisfies Record<string, Setting<number>>;
