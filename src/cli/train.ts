import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { resolveConfig, settingFlags } from '../config/settings.ts';
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
import { trainWalsBaseline } from '../training/train-wals.ts';
import { RETRIEVAL_FLAGS, retrievalOverrides } from './retrieval-flags.ts';

export const TRAIN_USAGE = `reco train --data DIR [--format auto|reco|movielens] [--dislike-below R] [--model softmax|wals] [--events FILE|URL | --from-store] [--out models] [--epochs N] [--ranker-epochs N] [--loss in-batch|full] [--example-age] [--uniform-negatives N] [--hard-negatives N] [--item-representation id|tower|both] [--id-buckets N] [--seed N]

Trains the candidate-generation softmax DNN, builds the HNSW index, trains the watch-time
ranker, and writes a versioned bundle to <out>/<version>/, pointing <out>/current at it.
--events adds the events a reco service stored (a SQLite file or a postgres:// URL);
--from-store uses the configured store (RECO_DATABASE_URL, else RECO_DB_PATH).`;

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
} {
  const { values } = parseArgs({
    args,
    options: {
      ...settingFlags(['dataDir', 'tfBackend', 'dbPath', 'databaseUrl']),
      events: { type: 'string' },
      'from-store': { type: 'boolean' },
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

/** The training set of a `reco train` call: the data directory and/or the event store, merged. */
async function loadTrainingData(src: TrainSource, quiet: boolean): Promise<Dataset> {
  const { dataDir, eventsDb } = src;
  const data: Dataset = dataDir
    ? await loadDataset(dataDir, src.format, src.movielens)
    : { items: [], users: [], events: [], source: '' };
  let events = data.events;
  let catalogue = data.items;
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
  if (events.length === 0) throw new ConfigError(`no events to train on in ${source || 'the given sources'}`);
  return { ...data, items: completeCatalogue(catalogue, events), events, source };
}

export async function train(
  src: TrainSource,
  outDir: string,
  config: PipelineConfig,
  quiet = false,
): Promise<PipelineResult> {
  const rt = await initTf();
  const progress = createProgress(!quiet);
  if (!quiet) process.stderr.write(`${runtimeSummary(rt)}\n`);
  const data = await loadTrainingData(src, quiet);
  const result = await runPipeline(data, outDir, config, progress);
  if (!quiet) {
    const m = result.manifest;
    process.stderr.write(
      `bundle ${m.version} written to ${result.dir} in ${(m.timings.totalMs / 1000).toFixed(1)} s: ` +
        `retrieval recall@100 ${m.metrics.retrieval.recall['100'].toFixed(3)}, ` +
        `ranker AUC ${m.metrics.ranker.auc.toFixed(3)}, index recall@100 ${m.metrics.index.recallAt100.toFixed(3)}\n`,
    );
  }
  return result;
}

export async function runTrain(args: string[]): Promise<void> {
  const { outDir, config, model, ...src } = parseTrainArgs(args);
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
    return;
  }
  await train(src, outDir, config);
}
