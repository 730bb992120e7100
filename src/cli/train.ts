import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { collectBundles } from '../bundle/gc.ts';
import {
  type BundleFigures,
  judge,
  type QualityComparison,
  REFUSED_EXIT_CODE,
  type TrainReport,
} from '../bundle/guard.ts';
import {
  mergeCatalogues,
  mergeUsers,
  type PreviousBundle,
  readCurrentBundle,
  replayHistories,
} from '../bundle/previous.ts';
import { loadBundle } from '../bundle/read.ts';
import { pointCurrent } from '../bundle/write.ts';
import { resolveConfig, SETTINGS, settingFlags } from '../config/settings.ts';
import { completeCatalogue } from '../data/catalogue.ts';
import type { Dataset } from '../data/loaders/jsonl.ts';
import { DATA_FORMATS, type DataFormat, loadDataset } from '../data/loaders/load.ts';
import type { MovieLensOptions } from '../data/loaders/movielens.ts';
import { mergeEvents } from '../data/merge-events.ts';
import type { RecoEvent } from '../data/types.ts';
import { ConfigError } from '../errors.ts';
import { isPostgresUrl, openEventStore, redactLocation, storeLocation } from '../events/open.ts';
import { DEFAULT_WALS } from '../models/baselines/wals.ts';
import { initTf, runtimeSummary } from '../runtime/tf.ts';
import {
  DEFAULT_PIPELINE_CONFIG,
  type PipelineConfig,
  type PipelineResult,
  runPipeline,
} from '../training/pipeline.ts';
import { createProgress } from '../training/progress.ts';
import { compareOnSharedSplit } from '../training/shared-split.ts';
import { trainWalsBaseline } from '../training/train-wals.ts';
import { RETRIEVAL_FLAGS, retrievalOverrides } from './retrieval-flags.ts';

export const TRAIN_USAGE = `reco train --data DIR [--format auto|reco|movielens] [--dislike-below R] [--model softmax|wals] [--events FILE|URL | --from-store] [--out models] [--epochs N] [--ranker-epochs N] [--loss in-batch|full] [--example-age] [--uniform-negatives N] [--hard-negatives N] [--item-representation id|tower|both] [--id-buckets N] [--seed N] [--fresh] [--allow-shrink] [--retrain-max-shrink S] [--keep-bundles N]

Trains the candidate-generation softmax DNN, builds the HNSW index, trains the watch-time
ranker, and writes a versioned bundle to <out>/<version>/, pointing <out>/current at it.
--events adds the events a reco service stored (a SQLite file or a postgres:// URL);
--from-store uses the configured store (RECO_DATABASE_URL, else RECO_DB_PATH).

The catalogue, users and watch histories of the current bundle are part of the training
(--fresh: only the given sources). The new bundle becomes current only if its catalogue and
users shrank by at most --retrain-max-shrink and its NDCG@10 on the served bundle's users is not
lower beyond noise; else it is deleted, current is unchanged and the exit status is ${REFUSED_EXIT_CODE}
(--allow-shrink serves it anyway). Either way one JSON line on stdout tells the outcome.
Afterwards bundles beyond current and the newest --keep-bundles are deleted, except those a
server still serves.`;

/** How `reco train` decides whether the new bundle replaces the current one. */
export interface TrainGuard {
  /** Largest share of the catalogue or users the new bundle may lose. */
  maxShrink: number;
  /** Serve the new bundle even when the checks refuse it. */
  allowShrink?: boolean;
  /** Train on the given sources alone, without the current bundle's catalogue, users and histories. */
  fresh?: boolean;
  /** Old bundles kept besides `current` by the clean-up after a served training. */
  keepBundles: number;
}

export const DEFAULT_TRAIN_GUARD: TrainGuard = {
  maxShrink: SETTINGS.retrainMaxShrink.default,
  keepBundles: SETTINGS.keepBundles.default,
};

function positiveInt(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0)
    throw new ConfigError(`--${name}: expected a positive integer, got "${raw}"`);
  return n;
}

/** Parses `reco train` flags into the pipeline configuration. */
export function parseTrainArgs(args: string[]): {
  /** `softmax`: the served two-stage bundle; `wals`: the matrix-factorisation baseline. */
  model: 'softmax' | 'wals';
  /** Undefined: train on the event store alone. */
  dataDir?: string;
  format: DataFormat;
  movielens: MovieLensOptions;
  outDir: string;
  eventsDb?: string;
  config: PipelineConfig;
  guard: TrainGuard;
} {
  const { values } = parseArgs({
    args,
    options: {
      ...settingFlags(['dataDir', 'tfBackend', 'dbPath', 'databaseUrl', 'retrainMaxShrink', 'keepBundles']),
      events: { type: 'string' },
      'from-store': { type: 'boolean' },
      'allow-shrink': { type: 'boolean' },
      fresh: { type: 'boolean' },
      format: { type: 'string', default: 'auto' },
      'ranker-negatives': { type: 'string', default: 'always' },
      'dislike-below': { type: 'string' },
      out: { type: 'string' },
      epochs: { type: 'string' },
      'ranker-epochs': { type: 'string' },
      loss: { type: 'string' },
      ...RETRIEVAL_FLAGS,
      model: { type: 'string', default: 'softmax' },
      seed: { type: 'string' },
    },
    strict: true,
  });
  // `--model` here names the model kind (softmax|wals); in `reco serve` the same flag is the
  // models directory, so it must not reach the settings resolver (`--out` is the directory).
  const { model: _kind, ...settingValues } = values;
  const cfg = resolveConfig(settingValues);
  if (values.model !== 'softmax' && values.model !== 'wals')
    throw new ConfigError(`--model: expected softmax or wals, got "${values.model}"`);
  const loss = values.loss ?? DEFAULT_PIPELINE_CONFIG.retrieval.loss;
  if (loss !== 'in-batch' && loss !== 'full')
    throw new ConfigError(`--loss: expected in-batch or full, got "${loss}"`);
  const seed = positiveInt(values.seed, 'seed', DEFAULT_PIPELINE_CONFIG.retrieval.seed);
  if (values.events && values['from-store']) {
    throw new ConfigError('--events and --from-store: give one, not both');
  }
  const eventsDb = values.events ?? (values['from-store'] ? storeLocation(cfg) : undefined);
  if (!DATA_FORMATS.includes(values.format as DataFormat)) {
    throw new ConfigError(`--format: expected one of ${DATA_FORMATS.join(', ')}, got "${values.format}"`);
  }
  const rankerNegatives = values['ranker-negatives'];
  if (rankerNegatives !== 'always' && rankerNegatives !== 'without-impressions') {
    throw new ConfigError(
      `--ranker-negatives: expected always or without-impressions, got "${rankerNegatives}"`,
    );
  }
  const dislikeBelow = values['dislike-below'] === undefined ? undefined : Number(values['dislike-below']);
  if (dislikeBelow !== undefined && !Number.isFinite(dislikeBelow)) {
    throw new ConfigError(`--dislike-below: expected a number, got "${values['dislike-below']}"`);
  }
  // With a store and no explicit data directory, train on the stored events alone.
  const explicitData =
    (values as { data?: string }).data !== undefined || process.env.RECO_DATA_DIR !== undefined;
  return {
    model: values.model as 'softmax' | 'wals',
    dataDir: eventsDb && !explicitData ? undefined : cfg.dataDir,
    format: values.format as DataFormat,
    movielens: { dislikeBelow },
    outDir: values.out ?? cfg.modelDir,
    eventsDb,
    guard: {
      maxShrink: cfg.retrainMaxShrink,
      keepBundles: cfg.keepBundles,
      allowShrink: values['allow-shrink'] ?? false,
      fresh: values.fresh ?? false,
    },
    config: {
      ...DEFAULT_PIPELINE_CONFIG,
      retrieval: {
        ...DEFAULT_PIPELINE_CONFIG.retrieval,
        epochs: positiveInt(values.epochs, 'epochs', DEFAULT_PIPELINE_CONFIG.retrieval.epochs),
        loss,
        seed,
        ...retrievalOverrides(values),
      },
      ranker: {
        ...DEFAULT_PIPELINE_CONFIG.ranker,
        epochs: positiveInt(values['ranker-epochs'], 'ranker-epochs', DEFAULT_PIPELINE_CONFIG.ranker.epochs),
        retrievalNegatives: rankerNegatives,
        seed: seed + 4,
      },
    },
  };
}

/** Trains from a reco data directory and writes a bundle. */
export interface TrainSource {
  /** A reco or MovieLens data directory; undefined = the event store alone. */
  dataDir?: string;
  format?: DataFormat;
  movielens?: MovieLensOptions;
  /** SQLite file of a reco service whose stored events are added. */
  eventsDb?: string;
}

/**
 * The training set of a `reco train` call: the data directory and/or the event store, merged,
 * and with `previous` (the current bundle) its catalogue, users and histories too, so that a
 * retrain from a store that holds only some of what the served bundle knows keeps the rest.
 */
async function loadTrainingData(
  src: TrainSource,
  quiet: boolean,
  previous?: PreviousBundle,
): Promise<Dataset> {
  const { dataDir, eventsDb } = src;
  const data: Dataset = dataDir
    ? await loadDataset(dataDir, src.format, src.movielens)
    : { items: [], users: [], events: [], source: '' };
  let events = data.events;
  let catalogue = data.items;
  let users = data.users;
  let source = dataDir ?? '';
  if (eventsDb) {
    const where = redactLocation(eventsDb);
    if (!isPostgresUrl(eventsDb) && !existsSync(eventsDb))
      throw new ConfigError(`--events: no event store at ${where}`);
    const store = await openEventStore(eventsDb);
    try {
      const stored: RecoEvent[] = [];
      for await (const e of store.all()) stored.push(e);
      events = mergeEvents(events, stored);
      // Items posted to POST /items join (or update) the catalogue.
      const posted = await store.items();
      const byId = new Map(catalogue.map((it) => [it.itemId, it]));
      for (const it of posted) byId.set(it.itemId, it);
      catalogue = [...byId.values()];
      source = dataDir ? `${dataDir} + ${where}` : where;
      if (!quiet)
        process.stderr.write(
          `read ${stored.length} stored events and ${posted.length} items from ${where}\n`,
        );
    } finally {
      await store.close();
    }
  }
  if (previous) {
    const replayed = replayHistories(previous.users, events);
    events = mergeEvents(events, replayed);
    catalogue = mergeCatalogues(previous.items, catalogue);
    users = mergeUsers(previous.users, users);
    const version = previous.manifest.version;
    source = source ? `${source} + bundle ${version}` : `bundle ${version}`;
    if (!quiet)
      process.stderr.write(
        `kept the ${previous.items.length} items and ${previous.users.length} users of the current bundle ${version} ` +
          `(${replayed.length} history events not in the given sources replayed; --fresh to leave them out)\n`,
      );
  }
  if (events.length === 0) throw new ConfigError(`no events to train on in ${source || 'the given sources'}`);
  return { ...data, items: completeCatalogue(catalogue, events), users, events, source };
}

/** What `reco train` did: the verdict, and the bundle when it became current. */
export interface TrainOutcome {
  report: TrainReport;
  result?: PipelineResult;
}

const figures = (m: PipelineResult['manifest']): BundleFigures => ({
  version: m.version,
  items: m.data.items,
  users: m.data.users,
});

/**
 * Both bundles on the same validation rows (shared-split.ts). Undefined when the current one cannot be
 * loaded (then it is not being served well either, and only the counts are compared).
 */
async function compareQuality(
  currentDir: string,
  candidateDir: string,
  data: Dataset,
  quiet: boolean,
): Promise<QualityComparison | undefined> {
  const cur = await loadBundle(currentDir, { minIndexRecall: 0 }).catch((e: Error) => {
    if (!quiet)
      process.stderr.write(`the current bundle cannot be loaded (${e.message}): quality not compared\n`);
    return undefined;
  });
  if (!cur) return undefined;
  try {
    const cand = await loadBundle(candidateDir, { minIndexRecall: 0 });
    try {
      return compareOnSharedSplit(cur, cand, data);
    } finally {
      cand.dispose();
    }
  } finally {
    cur.dispose();
  }
}

/**
 * Trains, then promotes the new bundle to `current` only if the guard accepts it against the
 * bundle served now (see retrain-guard.ts); a refused bundle is deleted at once. A served one is
 * followed by the bundle clean-up (gc.ts), which leaves bundles that servers hold leases on.
 */
export async function train(
  src: TrainSource,
  outDir: string,
  config: PipelineConfig,
  quiet = false,
  guard: TrainGuard = DEFAULT_TRAIN_GUARD,
): Promise<TrainOutcome> {
  const rt = await initTf();
  const progress = createProgress(!quiet);
  if (!quiet) process.stderr.write(`${runtimeSummary(rt)}\n`);
  const found = await readCurrentBundle(outDir);
  if (found && 'unreadable' in found && !quiet)
    process.stderr.write(
      `the current bundle is not readable (${found.unreadable}): it is replaced unchecked\n`,
    );
  const current = found && !('unreadable' in found) ? found : undefined;
  const data = await loadTrainingData(src, quiet, guard.fresh ? undefined : current);
  const result = await runPipeline(data, outDir, config, progress, { promote: false });
  const m = result.manifest;
  if (!quiet) {
    process.stderr.write(
      `bundle ${m.version} written to ${result.dir} in ${(m.timings.totalMs / 1000).toFixed(1)} s: ` +
        `retrieval recall@100 ${m.metrics.retrieval.recall['100'].toFixed(3)}, ` +
        `ranker AUC ${m.metrics.ranker.auc.toFixed(3)}, index recall@100 ${m.metrics.index.recallAt100.toFixed(3)}\n`,
    );
  }
  let report: TrainReport;
  try {
    report = await decide(current, result, data, guard, quiet);
  } catch (e) {
    // Never linked, so nothing serves it: it must not wait for the clean-up to go.
    await rm(result.dir, { recursive: true, force: true });
    throw e;
  }
  if (report.status === 'refused') {
    if (!quiet) process.stderr.write(`not served: ${report.message}\n`);
    return { report };
  }
  await pointCurrent(outDir, m.version);
  report.modelVersion = m.version;
  await cleanUp(outDir, guard.keepBundles, quiet);
  return { report, result };
}

/** The guard's verdict on the new bundle (`result`, not linked yet); a refused one is deleted here. */
async function decide(
  current: PreviousBundle | undefined,
  result: PipelineResult,
  data: Dataset,
  guard: TrainGuard,
  quiet: boolean,
): Promise<TrainReport> {
  const m = result.manifest;
  const candidate = figures(m);
  let report: TrainReport;
  if (!current) {
    report = {
      status: 'served',
      message: `bundle ${m.version} is current (there was none to compare with)`,
      candidate,
    };
  } else {
    const cur = figures(current.manifest);
    const opts = { maxShrink: guard.maxShrink };
    // The counts first: a shrunken catalogue makes the quality figures meaningless, and comparing
    // them costs two bundle loads.
    let verdict = judge(cur, candidate, undefined, opts);
    let quality: QualityComparison | undefined;
    if (!verdict || guard.allowShrink) {
      quality = await compareQuality(current.dir, result.dir, data, quiet);
      if (quality && quality.rows > 0) {
        cur.quality = quality.current;
        candidate.quality = quality.candidate;
      }
      verdict ??= judge(cur, candidate, quality, opts);
    }
    const base = { current: cur, candidate, ...(quality?.rows ? { qualityRows: quality.rows } : {}) };
    if (verdict && !guard.allowShrink) {
      await rm(result.dir, { recursive: true, force: true });
      report = {
        status: 'refused',
        code: verdict.code,
        message: `${verdict.message}; the new bundle was deleted and ${cur.version} stays current`,
        ...base,
      };
    } else {
      report = {
        status: 'served',
        message: verdict
          ? `bundle ${m.version} is current although ${verdict.message} (--allow-shrink)`
          : `bundle ${m.version} replaces ${cur.version}`,
        ...(verdict ? { overridden: verdict.code } : {}),
        ...base,
      };
    }
  }
  return report;
}

/** The clean-up after a new bundle became current; a failure costs disk, never the training. */
async function cleanUp(outDir: string, keep: number, quiet: boolean): Promise<void> {
  try {
    const gc = await collectBundles(outDir, { keep });
    if (!quiet && (gc.removed.length || gc.leased.length))
      process.stderr.write(
        `clean-up: deleted ${gc.removed.length} old bundles, kept ${gc.kept.length} besides current` +
          (gc.leased.length ? ` and ${gc.leased.length} still served (${gc.leased.join(', ')})` : '') +
          '\n',
      );
  } catch (e) {
    if (!quiet) process.stderr.write(`clean-up of old bundles failed: ${(e as Error).message}\n`);
  }
}

export async function runTrain(args: string[]): Promise<void> {
  const { outDir, config, model, guard, ...src } = parseTrainArgs(args);
  if (model === 'wals') {
    const result = await trainWalsBaseline(
      await loadTrainingData(src, false),
      outDir,
      DEFAULT_WALS,
      createProgress(),
    );
    process.stderr.write(
      `WALS baseline written to ${result.dir} in ${(result.ms / 1000).toFixed(1)} s (not served: current is unchanged)\n`,
    );
    await cleanUp(outDir, guard.keepBundles, false);
    return;
  }
  const { report } = await train(src, outDir, config, false, guard);
  // The verdict for machines (the Retrainer, a CronJob's log): the only line on stdout.
  process.stdout.write(`${JSON.stringify(report)}\n`);
  if (report.status === 'refused') process.exitCode = REFUSED_EXIT_CODE;
}
