import assert from 'node:assert/strict';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { fingerprint } from '../../src/bundle/fingerprint.ts';
import { BUNDLE_NAME } from '../../src/bundle/gc.ts';
import { generateWorld } from '../../src/data/demo/world.ts';
import { DEFAULT_HNSW } from '../../src/index/hnsw.ts';
import { initTf, tf } from '../../src/runtime/tf.ts';
import {
  DEFAULT_PIPELINE_CONFIG,
  type PipelineConfig,
  type PipelineResult,
  runPipeline,
  type TrainingInput,
} from '../../src/training/pipeline.ts';
import type { Progress } from '../../src/training/progress.ts';
import { DEFAULT_RANKER_CONFIG } from '../../src/training/ranker-config.ts';
import { DEFAULT_RETRIEVAL_CONFIG } from '../../src/training/retrieval-config.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { TINY_RANKER, TINY_RETRIEVAL } from '../helpers/training-world.ts';

const models = join(tempDir('reco-pipeline-'), 'models');
const world = generateWorld({ seed: 5, scale: 0.01 });
const input: TrainingInput = { items: world.items, users: world.users, events: world.events, source: 'tiny' };
const config: PipelineConfig = {
  ...DEFAULT_PIPELINE_CONFIG,
  historyLength: 5,
  retrieval: TINY_RETRIEVAL,
  ranker: TINY_RANKER,
  recallQueries: 15,
};
const lines: string[] = [];
const progress: Progress = { start() {}, tick() {}, stop() {}, log: (l) => lines.push(l) };
let served: PipelineResult;
let unpromoted: PipelineResult;
let leaked: number;

before(async () => {
  await initTf('wasm');
  served = await runPipeline(input, models, config, progress);
  const tensors = tf.memory().numTensors;
  unpromoted = await runPipeline(
    input,
    models,
    { ...config, ranker: { ...TINY_RANKER, when: 'never' } },
    progress,
    {
      promote: false,
    },
  );
  leaked = tf.memory().numTensors - tensors;
});

test('the defaults: history 10, the stages’ own defaults, 200 candidates, index recall target 0.99', () => {
  assert.equal(DEFAULT_PIPELINE_CONFIG.historyLength, 10);
  assert.equal(DEFAULT_PIPELINE_CONFIG.retrieval, DEFAULT_RETRIEVAL_CONFIG);
  assert.equal(DEFAULT_PIPELINE_CONFIG.ranker, DEFAULT_RANKER_CONFIG);
  assert.equal(DEFAULT_PIPELINE_CONFIG.hnsw, DEFAULT_HNSW);
  assert.equal(DEFAULT_PIPELINE_CONFIG.candidates, 200);
  assert.equal(DEFAULT_PIPELINE_CONFIG.targetIndexRecall, 0.99);
});

test('the bundle is named by time and the data’s fingerprint, and becomes current', () => {
  const version = served.manifest.version;
  assert.match(version, BUNDLE_NAME);
  assert.ok(version.endsWith(fingerprint(input.items, input.events).slice(0, 8)));
  assert.equal(served.dir, join(models, version));
  assert.equal(realpathSync(join(models, 'current')), realpathSync(served.dir));
});

test('promote: false writes the bundle but leaves current where it was', () => {
  assert.notEqual(unpromoted.manifest.version, served.manifest.version, 'two trainings, two names');
  assert.ok(existsSync(unpromoted.dir));
  assert.equal(realpathSync(join(models, 'current')), realpathSync(served.dir));
});

test('every file the manifest lists is written, the manifest itself as returned', () => {
  const m = served.manifest;
  for (const key of [
    'retrievalWeights',
    'retrievalSpec',
    'rankerWeights',
    'rankerSpec',
    'vocab',
    'items',
    'users',
  ])
    assert.ok(m.files[key], key);
  if (m.kinds.index === 'hnsw') assert.equal(m.files.index, 'index.hnsw');
  else assert.equal(m.files.index, undefined);
  for (const f of Object.values(m.files)) assert.ok(existsSync(join(served.dir, f)), f);
  assert.deepEqual(
    JSON.parse(readFileSync(join(served.dir, 'manifest.json'), 'utf8')),
    JSON.parse(JSON.stringify(m)),
  );
  const users = JSON.parse(readFileSync(join(served.dir, 'users.json'), 'utf8'));
  assert.equal(users.length, m.data.users);
});

test('data, dimensions and config come from the input and the configuration', () => {
  const m = served.manifest;
  assert.equal(m.data.source, 'tiny');
  assert.equal(m.data.items, world.items.length);
  assert.equal(m.data.events, world.events.length);
  assert.equal(m.data.fingerprint, fingerprint(input.items, input.events));
  assert.equal(m.dims.historyLength, 5);
  assert.equal(m.dims.dim, TINY_RETRIEVAL.dim);
  assert.equal(m.dims.numItems, world.items.length + 1, 'the vocabulary: the catalogue and the OOV row');
  assert.equal(m.config.recallQueries, 15);
  assert.equal(m.metrics.index.queries, 15, 'recall measured on recallQueries validation queries');
  assert.equal(m.kinds.ranker, 'weighted-logistic-dnn', 'the demo world has impressions');
});

test('timings of every stage, the retrieval epochs and the total', () => {
  const t = served.manifest.timings;
  const keys = [
    'prepareMs',
    'retrievalExamplesMs',
    'retrievalMs',
    'retrievalEpochs',
    'indexMs',
    'rankerMs',
    'blendMs',
    'writeMs',
    'totalMs',
  ];
  assert.deepEqual(Object.keys(t).sort(), [...keys].sort());
  for (const k of keys) assert.ok(Number.isInteger(t[k]) && t[k] >= 0, k);
  assert.equal(t.retrievalEpochs, served.manifest.curves.retrieval.length);
  assert.ok(t.totalMs >= t.retrievalMs);
});

test('without a ranker: no ranker files, no ranker time; the index choice is logged', () => {
  const m = unpromoted.manifest;
  assert.equal(m.kinds.ranker, 'none');
  assert.equal(m.files.rankerWeights, undefined);
  assert.equal(m.timings.rankerMs, 0);
  assert.equal(lines.filter((l) => l.startsWith('index: ')).length, 2);
  assert.ok(lines.some((l) => l.startsWith('ranker: not trained, ranker.when is never')));
});

test('the trained networks are freed when the bundle is written', () => {
  assert.equal(leaked, 0);
});
