import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { resolveConfig, settingFlags } from '../config/settings.ts';
import { readDataset } from '../data/loaders/jsonl.ts';
import { mergeEvents } from '../data/merge-events.ts';
import { ConfigError } from '../errors.ts';
import { openSqliteStore } from '../events/sqlite-store.ts';
import { initTf } from '../runtime/tf.ts';
import {
  DEFAULT_PIPELINE_CONFIG,
  type PipelineConfig,
  type PipelineResult,
  runPipeline,
} from '../training/pipeline.ts';
import { createProgress } from '../training/progress.ts';

export const TRAIN_USAGE = `reco train --data DIR [--events FILE | --from-store] [--out models] [--epochs N] [--ranker-epochs N] [--loss in-batch|full] [--seed N]

Trains the candidate-generation softmax DNN, builds the HNSW index, trains the watch-time
ranker, and writes a versioned bundle to <out>/<version>/, pointing <out>/current at it.
--events adds the events a reco service stored in that SQLite file; --from-store uses the
configured store (RECO_DB_PATH).`;

function positiveInt(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0)
    throw new ConfigError(`--${name}: expected a positive integer, got "${raw}"`);
  return n;
}

/** Parses `reco train` flags into the pipeline configuration. */
export function parseTrainArgs(args: string[]): {
  dataDir: string;
  outDir: string;
  eventsDb?: string;
  config: PipelineConfig;
} {
  const { values } = parseArgs({
    args,
    options: {
      ...settingFlags(['dataDir', 'tfBackend', 'dbPath']),
      events: { type: 'string' },
      'from-store': { type: 'boolean' },
      out: { type: 'string' },
      epochs: { type: 'string' },
      'ranker-epochs': { type: 'string' },
      loss: { type: 'string' },
      seed: { type: 'string' },
    },
    strict: true,
  });
  const cfg = resolveConfig(values);
  const loss = values.loss ?? DEFAULT_PIPELINE_CONFIG.retrieval.loss;
  if (loss !== 'in-batch' && loss !== 'full')
    throw new ConfigError(`--loss: expected in-batch or full, got "${loss}"`);
  const seed = positiveInt(values.seed, 'seed', DEFAULT_PIPELINE_CONFIG.retrieval.seed);
  if (values.events && values['from-store'])
    throw new ConfigError('--events and --from-store: give one, not both');
  return {
    dataDir: cfg.dataDir,
    outDir: values.out ?? cfg.modelDir,
    eventsDb: values.events ?? (values['from-store'] ? cfg.dbPath : undefined),
    config: {
      ...DEFAULT_PIPELINE_CONFIG,
      retrieval: {
        ...DEFAULT_PIPELINE_CONFIG.retrieval,
        epochs: positiveInt(values.epochs, 'epochs', DEFAULT_PIPELINE_CONFIG.retrieval.epochs),
        loss,
        seed,
      },
      ranker: {
        ...DEFAULT_PIPELINE_CONFIG.ranker,
        epochs: positiveInt(values['ranker-epochs'], 'ranker-epochs', DEFAULT_PIPELINE_CONFIG.ranker.epochs),
        seed: seed + 4,
      },
    },
  };
}

/** Trains from a reco data directory and writes a bundle. */
export async function train(
  dataDir: string,
  outDir: string,
  config: PipelineConfig,
  quiet = false,
  eventsDb?: string,
): Promise<PipelineResult> {
  const rt = await initTf();
  const progress = createProgress(!quiet);
  if (!quiet)
    process.stderr.write(
      `tensorflow.js backend: ${rt.backend} (fast kernels: ${rt.kernels.join(', ') || 'none'})\n`,
    );
  const data = await readDataset(dataDir);
  let events = data.events;
  let source = dataDir;
  if (eventsDb) {
    if (!existsSync(eventsDb)) throw new ConfigError(`--events: no event store at ${eventsDb}`);
    const store = openSqliteStore(eventsDb);
    try {
      events = mergeEvents(events, store.all());
      source = `${dataDir} + ${eventsDb}`;
      if (!quiet) process.stderr.write(`read ${store.count()} stored events from ${eventsDb}\n`);
    } finally {
      store.close();
    }
  }
  const result = await runPipeline({ ...data, events, source }, outDir, config, progress);
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
  const { dataDir, outDir, config, eventsDb } = parseTrainArgs(args);
  await train(dataDir, outDir, config, false, eventsDb);
}
