import { parseArgs } from 'node:util';
import { resolveConfig, settingFlags } from '../config/settings.ts';
import { readDataset } from '../data/loaders/jsonl.ts';
import { ConfigError } from '../errors.ts';
import { initTf } from '../runtime/tf.ts';
import {
  DEFAULT_PIPELINE_CONFIG,
  type PipelineConfig,
  type PipelineResult,
  runPipeline,
} from '../training/pipeline.ts';
import { createProgress } from '../training/progress.ts';

export const TRAIN_USAGE = `reco train --data DIR [--out models] [--epochs N] [--ranker-epochs N] [--loss in-batch|full] [--seed N]

Trains the candidate-generation softmax DNN, builds the HNSW index, trains the watch-time
ranker, and writes a versioned bundle to <out>/<version>/, pointing <out>/current at it.`;

function positiveInt(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0)
    throw new ConfigError(`--${name}: expected a positive integer, got "${raw}"`);
  return n;
}

/** Parses `reco train` flags into the pipeline configuration. */
export function parseTrainArgs(args: string[]): { dataDir: string; outDir: string; config: PipelineConfig } {
  const { values } = parseArgs({
    args,
    options: {
      ...settingFlags(['dataDir', 'tfBackend']),
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
  return {
    dataDir: cfg.dataDir,
    outDir: values.out ?? cfg.modelDir,
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
): Promise<PipelineResult> {
  const rt = await initTf();
  const progress = createProgress(!quiet);
  if (!quiet)
    process.stderr.write(
      `tensorflow.js backend: ${rt.backend} (fast kernels: ${rt.kernels.join(', ') || 'none'})\n`,
    );
  const data = await readDataset(dataDir);
  const result = await runPipeline({ ...data, source: dataDir }, outDir, config, progress);
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
  const { dataDir, outDir, config } = parseTrainArgs(args);
  await train(dataDir, outDir, config);
}
