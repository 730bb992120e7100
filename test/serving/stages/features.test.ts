import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LoadedBundle } from '../../../src/bundle/read.ts';
import { allocateExamples } from '../../../src/features/query.ts';
import { createFeatureSpec, queryDenseWidth } from '../../../src/features/spec.ts';
import { assembleFeatures } from '../../../src/serving/stages/features.ts';

const item = (itemId: string) => ({ itemId, topic: 't', tags: [], durationSec: 60, publishedAt: 0 });
const spec = createFeatureSpec(['a', 'b', 'c', 'd'].map(item), [], 3);
const itemTable = { topic: new Int32Array(5) } as unknown as LoadedBundle['itemTable'];
const itemVectors = new Float32Array(5 * 2);
const bundle = {
  spec,
  itemTable,
  itemVectors,
  manifest: { dims: { dim: 2 }, config: {} },
} as unknown as LoadedBundle;

test('feature assembly: the kept items in retrieval order, each with its full retrieval rank', () => {
  const examples = allocateExamples(spec, 1);
  const psi = Float32Array.from([0.5, -0.5]);
  const found = { items: [4, 2, 3, 1], scores: [4, 3, 2, 1] };
  const kept = [0, 2, 3]; // position 1 (item 2) was filtered out, e.g. watched
  const input = assembleFeatures(bundle, { examples, psi }, found, kept, 1234);
  assert.deepEqual(input.items, [4, 3, 1]);
  assert.deepEqual(input.ranks, [0, 2, 3], 'item 3 keeps rank 2, not 1');
  assert.notEqual(input.ranks, kept, 'a copy: the caller may reuse kept');
});

test('feature assembly: the query row reads row 0 of the request batch at the request time', () => {
  const examples = allocateExamples(spec, 1);
  const psi = Float32Array.from([0.5, -0.5]);
  const input = assembleFeatures(bundle, { examples, psi }, { items: [], scores: [] }, [], 1234);
  assert.equal(input.query.psi, psi);
  assert.equal(input.query.psiOffset, 0);
  assert.equal(input.query.dense, examples.dense);
  assert.equal(input.query.dense.length, queryDenseWidth(spec));
  assert.equal(input.query.history, examples.historyIds);
  assert.equal(input.query.time, 1234);
  assert.deepEqual(input.ctx, {
    spec,
    items: itemTable,
    vectors: itemVectors,
    dim: 2,
    sourceFeatures: false,
  });
  assert.deepEqual(input.items, []);
  assert.equal(input.origins, undefined, 'no merged sources: the ranker reads ann at the rank');
});

test('feature assembly: merged candidates carry their sources, and a ranker trained on them reads them', () => {
  const examples = allocateExamples(spec, 1);
  const psi = Float32Array.from([0.5, -0.5]);
  const origins = [
    [{ source: 'ann' as const, rank: 0 }],
    [{ source: 'ann' as const, rank: 1 }],
    [
      { source: 'fresh' as const, rank: 0 },
      { source: 'related' as const, rank: 4 },
    ],
  ];
  const found = { items: [4, 2, 3], scores: [3, 2, 1], origins };
  const trained = { ...bundle, manifest: { dims: { dim: 2 }, config: { ranker: { sourceFeatures: true } } } };
  const input = assembleFeatures(trained as unknown as LoadedBundle, { examples, psi }, found, [0, 2], 1);
  assert.deepEqual(input.origins, [origins[0], origins[2]], 'the kept positions, in order');
  assert.equal(input.ctx.sourceFeatures, true);
});
