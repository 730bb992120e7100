import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseIndex } from '../../src/index/choose.ts';
import { DEFAULT_HNSW } from '../../src/index/hnsw.ts';
import { randomVectors } from '../helpers/random.ts';

const dim = 16;
const items = randomVectors(2001, dim, 1);
const queries = randomVectors(50, dim, 2);

test('the chosen index is the faster one measured, and HNSW only when it reaches the recall target', () => {
  const c = chooseIndex(items, dim, queries, { hnsw: DEFAULT_HNSW, targetRecall: 0.95, k: 200 });
  assert.ok(c.latencyMs.exact > 0 && c.latencyMs.hnsw > 0);
  if (c.kind === 'hnsw') {
    assert.ok(c.latencyMs.hnsw < c.latencyMs.exact, c.reason);
    assert.ok(c.recallAt100 >= 0.95);
    assert.equal(c.index.isExact, false);
  } else {
    assert.ok(c.latencyMs.exact <= c.latencyMs.hnsw || c.hnswRecallAt100 < 0.95, c.reason);
    assert.equal(c.recallAt100, 1);
    assert.equal(c.index.isExact, true);
  }
  assert.equal(c.index.search(queries.subarray(0, dim), 200).items.length, 200);
});

test('exact search is the fallback when HNSW cannot reach the recall target', () => {
  const c = chooseIndex(items, dim, queries, { hnsw: DEFAULT_HNSW, targetRecall: 1.01, k: 100 });
  assert.equal(c.kind, 'exact');
  assert.match(c.reason, /recall/);
  assert.equal(c.hnsw.efSearch, 2000, 'the beam was widened up to the catalogue before giving up');
});
