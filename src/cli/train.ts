import { parseArgs } from 'node:util';
import { REFUSED_EXIT_CODE } from '../bundle/guard.ts';
import { resolveConfigWithSources, settingFlags } from '../config/settings.ts';
import { DATA_FORMATS, type DataFormat } from '../data/loaders/load.ts';
import type { MovieLensOptions } from '../data/loaders/movielens.ts';
import { ConfigError } from '../errors.ts';
import { storeLocation } from '../events/open.ts';
import { DEFAULT_CAMF } from '../models/baselines/camf.ts';
import { DEFAULT_WALS } from '../models/baselines/wals.ts';
import { DEFAULT_PIPELINE_CONFIG, type PipelineConfig } from '../training/pipeline.ts';
import { createProgress } from '../training/progress.ts';
import { RANKER_WHEN, type RankerWhen } from '../training/ranker-config.ts';
import { cleanUp, type TrainGuard, train } from '../training/retrain.ts';
import { trainCamfBaseline } from '../training/train-camf.ts';
import { trainWalsBaseline } from '../training/train-wals.ts';
import { loadTrainingData } from '../training/training-set.ts';
import { DEFAULT_TUNE } from '../training/tune.ts';
import { RANKER_SOURCES_FLAG, rankerSources } from './ranker-flags.ts';
import { RETRIEVAL_FLAGS, retrievalOverrides } from './retrieval-flags.ts';

export { DEFAULT_TRAIN_GUARD, type TrainGuard, type TrainOutcome, train } from '../training/retrain.ts';
export type { TrainSource } from '../training/training-set.ts';

export const TRAIN_USAGE = `reco train --data DIR [--format auto|reco|movielens] [--dislike-below R] [--model softmax|wals|camf] [--events FILE|URL | --from-store] [--out models] [--epochs N] [--tune] [--ranker auto|always|never] [--ranker-epochs N] [--ranker-sources on|off] [--loss in-batch|full] [--example-age] [--uniform-negatives N] [--hard-negatives N] [--item-representation id|tower|both] [--id-buckets N] [--sequence-training] [--seed N] [--fresh] [--allow-shrink] [--retrain-max-shrink S] [--keep-bundles N]

Trains the candidate-generation softmax DNN, builds the HNSW index, trains the watch-time
ranker, and writes a versioned bundle to <out>/<version>/, pointing <out>/current at it.
--tune first chooses the history length (10, 20 or 30 watches) on the validation split of this
data, within two minutes, and records the search in the manifest. --ranker auto (the default)
trains the ranker only when the data has impressions; without them the list is served in
retrieval order (always / never force it).
--events adds the events a reco service stored (a SQLite file or a postgres:// URL);
--from-store uses the configured store (RECO_DATABASE_URL, else RECO_DB_PATH).

The catalogue, users and watch histories of the current bundle are part of the training
(--fresh: only the given sources). The new bundle becomes current only if its catalogue and
users shrank by at most --retrain-max-shrink and its NDCG@10 on the served bundle's users is not
lower beyond noise; else it is deleted, current is unchanged and the exit status is ${REFUSED_EXIT_CODE}
(--allow-shrink serves it anyway). Either way one JSON line on stdout tells the outcome.
Afterwards bundles beyond current and the newest --keep-bundles are deleted, except those a
server still serves.`;

function positiveInt(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0)
    throw new ConfigError(`--${name}: expected a positive integer, got "${raw}"`);
  return n;
}

/** What `reco train` was asked to do: the parsed flags. */
interface TrainArgs {
  /** `softmax`: the served two-stage bundle; `wals`, `camf`: the (context-aware) factorisation baselines. */
  model: 'softmax' | 'wals' | 'camf';
  /** Undefined: train on the event store alone. */
  dataDir?: string;
  format: DataFormat;
  movielens: MovieLensOptions;
  outDir: string;
  eventsDb?: string;
  config: PipelineConfig;
  guard: TrainGuard;
}

/** Parses `reco train` flags into the pipeline configuration. */
export function parseTrainArgs(args: string[]): TrainArgs {
  const values = readTrainFlags(args);
  // `--model` here names the model kind (softmax|wals|camf); in `reco serve` the same flag is the
  // models directory, so it must not reach the settings resolver (`--out` is the directory).
  const { model: _kind, ...settingValues } = values;
  const { config: cfg, sources } = resolveConfigWithSources(settingValues);
  const { loss, seed } = modelChoices(values);
  const eventsDb = eventSource(values, cfg);
  const { rankerNegatives, dislikeBelow } = dataChoices(values);
  // With a store and no explicit data directory (--data or RECO_DATA_DIR), train on the stored
  // events alone.
  const explicitData = sources.dataDir === 'flag' || sources.dataDir === 'env';
  return {
    model: values.model as 'softmax' | 'wals' | 'camf',
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
    config: pipelineConfig(values, { loss, seed, rankerNegatives }),
  };
}

function readTrainFlags(args: string[]) {
  return parseArgs({
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
      ...RANKER_SOURCES_FLAG,
      ranker: { type: 'string', default: DEFAULT_PIPELINE_CONFIG.ranker.when },
      tune: { type: 'boolean', default: false },
      loss: { type: 'string' },
      ...RETRIEVAL_FLAGS,
      model: { type: 'string', default: 'softmax' },
      seed: { type: 'string' },
    },
    strict: true,
  }).values;
}

type TrainFlags = ReturnType<typeof readTrainFlags>;
type Loss = PipelineConfig['retrieval']['loss'];
type RankerNegatives = PipelineConfig['ranker']['retrievalNegatives'];

/** --model, --loss, --ranker and --seed, checked. */
function modelChoices(values: TrainFlags): { loss: Loss; seed: number } {
  if (!['softmax', 'wals', 'camf'].includes(values.model ?? ''))
    throw new ConfigError(`--model: expected softmax, wals or camf, got "${values.model}"`);
  const loss = values.loss ?? DEFAULT_PIPELINE_CONFIG.retrieval.loss;
  if (loss !== 'in-batch' && loss !== 'full')
    throw new ConfigError(`--loss: expected in-batch or full, got "${loss}"`);
  if (!RANKER_WHEN.includes(values.ranker as RankerWhen))
    throw new ConfigError(`--ranker: expected ${RANKER_WHEN.join(', ')}, got "${values.ranker}"`);
  const seed = positiveInt(values.seed, 'seed', DEFAULT_PIPELINE_CONFIG.retrieval.seed);
  return { loss, seed };
}

/** The event store to add (--events, or the configured one with --from-store), if any. */
function eventSource(values: TrainFlags, cfg: Parameters<typeof storeLocation>[0]): string | undefined {
  if (values.events && values['from-store']) {
    throw new ConfigError('--events and --from-store: give one, not both');
  }
  return values.events ?? (values['from-store'] ? storeLocation(cfg) : undefined);
}

/** --format, --ranker-negatives and --dislike-below, checked. */
function dataChoices(values: TrainFlags): { rankerNegatives: RankerNegatives; dislikeBelow?: number } {
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
  return { rankerNegatives, dislikeBelow };
}

/** The pipeline configuration: the defaults with the flags' epochs, loss, seeds, tuning and ranker. */
function pipelineConfig(
  values: TrainFlags,
  { loss, seed, rankerNegatives }: { loss: Loss; seed: number; rankerNegatives: RankerNegatives },
): PipelineConfig {
  return {
    ...DEFAULT_PIPELINE_CONFIG,
    retrieval: {
      ...DEFAULT_PIPELINE_CONFIG.retrieval,
      epochs: positiveInt(values.epochs, 'epochs', DEFAULT_PIPELINE_CONFIG.retrieval.epochs),
      loss,
      seed,
      ...retrievalOverrides(values),
    },
    ...(values.tune ? { tune: DEFAULT_TUNE } : {}),
    ranker: {
      ...DEFAULT_PIPELINE_CONFIG.ranker,
      when: values.ranker as RankerWhen,
      epochs: positiveInt(values['ranker-epochs'], 'ranker-epochs', DEFAULT_PIPELINE_CONFIG.ranker.epochs),
      retrievalNegatives: rankerNegatives,
      sourceFeatures: rankerSources(values['ranker-sources']),
      seed: seed + 4,
    },
  };
}

export async function runTrain(args: string[]): Promise<void> {
  const { outDir, config, model, guard, ...src } = parseTrainArgs(args);
  if (model === 'wals' || model === 'camf') {
    const data = await loadTrainingData(src, (line) => process.stderr.write(`${line}\n`));
    const result =
      model === 'wals'
        ? await trainWalsBaseline(data, outDir, DEFAULT_WALS, createProgress())
        : await trainCamfBaseline(data, outDir, DEFAULT_CAMF, createProgress());
    process.stderr.write(
      `${model.toUpperCase()} baseline written to ${result.dir} in ${(result.ms / 1000).toFixed(1)} s (not served: current is unchanged)\n`,
    );
    // The baseline just written is the newest bundle: keep it even at --keep-bundles 0.
    await cleanUp(outDir, Math.max(1, guard.keepBundles), (line) => process.stderr.write(`${line}\n`));
    return;
  }
  const { report } = await train(src, outDir, config, false, guard);
  // The verdict for machines (the Retrainer, a CronJob's log): the only line on stdout.
  process.stdout.write(`${JSON.stringify(report)}\n`);
  if (report.status === 'refused') process.exitCode = REFUSED_EXIT_CODE;
}
