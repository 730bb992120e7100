import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { REFUSED_EXIT_CODE } from '../../src/bundle/guard.ts';
import { FORMAT_VERSION } from '../../src/bundle/manifest.ts';
import { pointCurrent } from '../../src/bundle/write.ts';
import { parseTrainArgs, runTrain, TRAIN_USAGE } from '../../src/cli/train.ts';
import { SETTINGS } from '../../src/config/settings.ts';
import { generateWorld } from '../../src/data/demo/world.ts';
import { writeDataset } from '../../src/data/loaders/jsonl.ts';
import { DEFAULT_PIPELINE_CONFIG } from '../../src/training/pipeline.ts';
import { DEFAULT_TUNE } from '../../src/training/tune.ts';
import { capture, clearRecoEnv } from '../helpers/cli-output.ts';
import { tempDir } from '../helpers/temp-dir.ts';

clearRecoEnv();
const root = tempDir('reco-cli-train-');
const data = join(root, 'data');
const world = generateWorld({ seed: 3, scale: 0.02 });

before(async () => {
  await writeDataset(data, world);
});

/** The error parseTrainArgs throws for `args`, asserted to be a ConfigError (exit status 2). */
function refusal(args: string[]): string {
  try {
    parseTrainArgs(args);
  } catch (e) {
    assert.equal((e as { code?: string }).code, 'CONFIG_INVALID', args.join(' '));
    return (e as Error).message;
  }
  throw new Error(`accepted: ${args.join(' ')}`);
}

/** With RECO_* variables set for the duration of `f`. */
function withEnv<T>(env: Record<string, string>, f: () => T): T {
  Object.assign(process.env, env);
  try {
    return f();
  } finally {
    for (const k of Object.keys(env)) delete process.env[k];
  }
}

test('parseTrainArgs without flags: the defaults of the settings and of the pipeline', () => {
  const a = parseTrainArgs([]);
  assert.equal(a.model, 'softmax');
  assert.equal(a.dataDir, SETTINGS.dataDir.default);
  assert.equal(a.format, 'auto');
  assert.deepEqual(a.movielens, { dislikeBelow: undefined });
  assert.equal(a.outDir, SETTINGS.modelDir.default);
  assert.equal(a.eventsDb, undefined);
  assert.deepEqual(a.guard, {
    maxShrink: SETTINGS.retrainMaxShrink.default,
    keepBundles: SETTINGS.keepBundles.default,
    allowShrink: false,
    fresh: false,
  });
  const d = DEFAULT_PIPELINE_CONFIG;
  assert.equal('tune' in a.config, false, 'no tuning unless asked');
  assert.deepEqual(a.config.retrieval, {
    ...d.retrieval,
    uniformNegatives: 0,
    hardNegatives: 0,
    idBuckets: 0,
  });
  assert.deepEqual(a.config.ranker, {
    ...d.ranker,
    when: d.ranker.when,
    retrievalNegatives: 'always',
    seed: d.retrieval.seed + 4,
  });
});

test('parseTrainArgs: each flag its setting', () => {
  const a = parseTrainArgs([
    '--data',
    'ml',
    '--format',
    'movielens',
    '--dislike-below',
    '2.5',
    '--out',
    'elsewhere',
    '--epochs',
    '3',
    '--ranker-epochs',
    '2',
    '--loss',
    'full',
    '--seed',
    '5',
    '--tune',
    '--ranker',
    'always',
    '--ranker-negatives',
    'without-impressions',
    '--item-representation',
    'id',
    '--fresh',
    '--allow-shrink',
    '--retrain-max-shrink',
    '0.2',
    '--keep-bundles',
    '1',
  ]);
  assert.equal(a.dataDir, 'ml');
  assert.equal(a.format, 'movielens');
  assert.deepEqual(a.movielens, { dislikeBelow: 2.5 });
  assert.equal(a.outDir, 'elsewhere');
  assert.equal(a.config.retrieval.epochs, 3);
  assert.equal(a.config.retrieval.loss, 'full');
  assert.equal(a.config.retrieval.seed, 5);
  assert.equal(a.config.retrieval.itemRepresentation, 'id');
  assert.deepEqual(a.config.tune, DEFAULT_TUNE);
  assert.equal(a.config.ranker.when, 'always');
  assert.equal(a.config.ranker.epochs, 2);
  assert.equal(a.config.ranker.retrievalNegatives, 'without-impressions');
  assert.equal(a.config.ranker.seed, 9, "the ranker's seed follows --seed");
  assert.deepEqual(a.guard, { maxShrink: 0.2, keepBundles: 1, allowShrink: true, fresh: true });
});

test('parseTrainArgs: the models directory comes from --out, else RECO_MODEL_DIR', () => {
  withEnv({ RECO_MODEL_DIR: 'from-env' }, () => {
    assert.equal(parseTrainArgs([]).outDir, 'from-env');
    assert.equal(parseTrainArgs(['--out', 'flag']).outDir, 'flag');
  });
});

test('--events adds a store; without --data or RECO_DATA_DIR the store alone is trained on', () => {
  assert.deepEqual(
    (({ dataDir, eventsDb }) => ({ dataDir, eventsDb }))(parseTrainArgs(['--events', 'e.sqlite'])),
    { dataDir: undefined, eventsDb: 'e.sqlite' },
  );
  assert.equal(parseTrainArgs(['--events', 'e.sqlite', '--data', 'd']).dataDir, 'd');
  withEnv({ RECO_DATA_DIR: 'env-data' }, () => {
    assert.equal(parseTrainArgs(['--events', 'e.sqlite']).dataDir, 'env-data');
  });
  assert.equal(parseTrainArgs(['--data', 'd']).eventsDb, undefined);
});

test('--from-store trains on the configured store: the database URL, else the SQLite file', () => {
  const sqlite = parseTrainArgs(['--from-store']);
  assert.equal(sqlite.eventsDb, SETTINGS.dbPath.default);
  assert.equal(sqlite.dataDir, undefined);
  assert.equal(parseTrainArgs(['--from-store', '--db', 'x.sqlite']).eventsDb, 'x.sqlite');
  const url = 'postgres://reco@db/reco';
  assert.equal(parseTrainArgs(['--from-store', '--db', 'x.sqlite', '--database-url', url]).eventsDb, url);
  withEnv({ RECO_DB_PATH: 'env.sqlite' }, () => {
    assert.equal(parseTrainArgs(['--from-store']).eventsDb, 'env.sqlite');
  });
});

test('parseTrainArgs refuses bad values with a message naming the flag', () => {
  const cases: [string[], RegExp][] = [
    [['--events', 'e.sqlite', '--from-store'], /^--events and --from-store: give one, not both$/],
    [['--model', 'als'], /^--model: expected softmax, wals or camf, got "als"$/],
    [['--loss', 'sampled'], /^--loss: expected in-batch or full, got "sampled"$/],
    [['--ranker', 'sometimes'], /^--ranker: expected .*got "sometimes"$/],
    [['--seed', '0'], /^--seed: expected a positive integer, got "0"$/],
    [['--epochs', '1.5'], /^--epochs: expected a positive integer, got "1\.5"$/],
    [['--ranker-epochs', 'none'], /^--ranker-epochs: expected a positive integer, got "none"$/],
    [['--format', 'csv'], /^--format: expected one of .*got "csv"$/],
    [
      ['--ranker-negatives', 'never'],
      /^--ranker-negatives: expected always or without-impressions, got "never"$/,
    ],
    [['--dislike-below', 'low'], /^--dislike-below: expected a number, got "low"$/],
    [['--retrain-max-shrink', '2'], /^--retrain-max-shrink: /],
    [['--uniform-negatives', 'many'], /^--uniform-negatives: /],
  ];
  for (const [args, message] of cases) assert.match(refusal(args), message);
  assert.throws(() => parseTrainArgs(['--port', '1']), { code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' });
});

test('reco train --model wals: the baseline written beside the bundles, current untouched, stdout empty', async () => {
  const out = join(root, 'wals-models');
  const c = await capture(() => runTrain(['--data', data, '--out', out, '--model', 'wals']));
  assert.equal(c.error, undefined, String(c.error));
  const dirs = readdirSync(out);
  assert.equal(dirs.length, 1);
  assert.match(dirs[0], /^wals-\d{17}$/);
  assert.equal(existsSync(join(out, 'current')), false, 'a baseline is never served');
  assert.ok(c.stderr.includes(`WALS baseline written to ${join(out, dirs[0])} in `), c.stderr);
  assert.match(c.stderr, /\(not served: current is unchanged\)\n/);
  assert.equal(c.stdout, '');
});

test('reco train --model camf: the context-aware baseline written beside the bundles, current untouched', async () => {
  const out = join(root, 'camf-models');
  const c = await capture(() => runTrain(['--data', data, '--out', out, '--model', 'camf']));
  assert.equal(c.error, undefined, String(c.error));
  const dirs = readdirSync(out);
  assert.deepEqual(dirs.length, 1);
  assert.match(dirs[0], /^camf-\d{17}$/);
  assert.equal(existsSync(join(out, 'current')), false, 'a baseline is never served');
  assert.ok(c.stderr.includes(`CAMF baseline written to ${join(out, dirs[0])} in `), c.stderr);
  assert.equal(c.stdout, '');
});

test('reco train --model wals --keep-bundles 0 keeps the baseline it has just written, and only it', async () => {
  const out = join(root, 'wals-keep-0');
  const wals = () =>
    capture(() => runTrain(['--data', data, '--out', out, '--model', 'wals', '--keep-bundles', '0']));
  await wals();
  const [first] = readdirSync(out);
  assert.match(first, /^wals-\d{17}$/);
  await wals();
  const left = readdirSync(out);
  assert.equal(left.length, 1, 'the older baseline goes');
  assert.ok(left[0] > first, 'the newer one stays');
});

/**
 * A models directory whose current bundle knows far more items and users than the demo data
 * (only its manifest, catalogue and users are read before the guard refuses by the counts).
 */
async function bigCurrentBundle(dir: string): Promise<string> {
  const version = '20260101-000000000-00000000';
  mkdirSync(join(dir, version), { recursive: true });
  const manifest = {
    formatVersion: FORMAT_VERSION,
    version,
    kinds: { retrieval: 'softmax-dnn', ranker: 'none', index: 'exact' },
    dims: { numItems: 1, dim: 1, denseWidth: 1, historyLength: 1, rankerWidth: 1 },
    data: { items: 10_000, users: 10_000 },
  };
  writeFileSync(join(dir, version, 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(join(dir, version, 'items.json'), JSON.stringify({ items: [] }));
  writeFileSync(join(dir, version, 'users.json'), '[]');
  await pointCurrent(dir, version);
  return version;
}

test('a bundle the guard refuses: one JSON verdict on stdout, exit status 3, current unchanged', async () => {
  const out = join(root, 'refused');
  const version = await bigCurrentBundle(out);
  const saved = process.exitCode;
  try {
    const c = await capture(() =>
      runTrain(['--data', data, '--out', out, '--fresh', '--epochs', '1', '--ranker-epochs', '1']),
    );
    assert.equal(c.error, undefined, String(c.error));
    assert.equal(process.exitCode, REFUSED_EXIT_CODE);
    assert.equal(c.stdout.split('\n').length, 2, 'one line');
    const report = JSON.parse(c.stdout);
    assert.equal(report.status, 'refused');
    assert.equal(report.code, 'CATALOGUE_SHRANK');
    assert.deepEqual(report.current, { version, items: 10_000, users: 10_000 });
    assert.equal(report.candidate.items, world.items.length);
    assert.equal(report.modelVersion, undefined);
    assert.match(c.stderr, /not served: /);
    assert.equal(realpathSync(join(out, 'current')), realpathSync(join(out, version)));
    assert.deepEqual(readdirSync(out).sort(), [version, 'current'], 'the refused bundle was deleted');
    const manifest = JSON.parse(readFileSync(join(out, 'current', 'manifest.json'), 'utf8'));
    assert.equal(manifest.data.items, 10_000);
  } finally {
    process.exitCode = saved;
  }
});

test('the usage names the flags and the refusal exit status', () => {
  assert.match(TRAIN_USAGE, /^reco train --data DIR /);
  assert.ok(TRAIN_USAGE.includes(`the exit status is ${REFUSED_EXIT_CODE}`));
  for (const flag of [
    '--model softmax|wals',
    '--events FILE|URL | --from-store',
    '--fresh',
    '--allow-shrink',
  ])
    assert.ok(TRAIN_USAGE.includes(flag), flag);
});
