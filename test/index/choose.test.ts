import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseIndex, pickIndexKind } from '../../src/index/choose.ts';
import { DEFAULT_HNSW } from '../../src/index/hnsw.ts';
import { randomVectors } from '../helpers/random.ts';

// The latencies themselves are measured by `npm run bench:index`; here only the rule and what a
// choice carries are checked, so no assertion depends on this machine's speed.
const dim = 16;
const items = randomVectors(2001, dim, 1);
const queries = randomVectors(50, dim, 2);

test('the rule: HNSW only when it reaches the recall target and is faster; the reason names the figures', () => {
  const faster = pickIndexKind(0.99, 0.95, { exact: 0.4, hnsw: 0.1 }, 200);
  assert.equal(faster.kind, 'hnsw');
  assert.match(faster.reason, /HNSW is faster \(0\.100 ms vs exact 0\.400 ms for 200\)/);
  const slower = pickIndexKind(0.99, 0.95, { exact: 0.1, hnsw: 0.4 }, 200);
  assert.equal(slower.kind, 'exact');
  assert.match(slower.reason, /exact search is as fast/);
  assert.equal(pickIndexKind(0.99, 0.95, { exact: 0.2, hnsw: 0.2 }, 200).kind, 'exact', 'a tie: exact');
  const missed = pickIndexKind(0.9, 0.95, { exact: 9, hnsw: 0.1 }, 200);
  assert.equal(missed.kind, 'exact', 'recall first, however fast');
  assert.match(missed.reason, /recall@100 stayed at 0\.9000 < 0\.95/);
});

test('a choice follows the rule on its own measurements and serves searches', () => {
  const c = chooseIndex(items, dim, queries, { hnsw: DEFAULT_HNSW, targetRecall: 0.95, k: 200 });
  assert.ok(c.latencyMs.exact > 0 && c.latencyMs.hnsw > 0);
  assert.equal(c.kind, pickIndexKind(c.hnswRecallAt100, 0.95, c.latencyMs, 200).kind, c.reason);
  assert.equal(c.recallAt100, c.kind === 'exact' ? 1 : c.hnswRecallAt100);
  assert.equal(c.hnsw.efSearch >= DEFAULT_HNSW.efSearch, true);
  assert.equal(c.index.search(queries.subarray(0, dim), 200).items.length, 200);
});

test('exact search is the fallback when HNSW cannot reach the recall target', () => {
  const c = chooseIndex(items, dim, queries, { hnsw: DEFAULT_HNSW, targetRecall: 1.01, k: 100 });
  assert.equal(c.kind, 'exact');
  assert.equal(c.recallAt100, 1);
  assert.match(c.reason, /recall@100 stayed at/);
  assert.equal(c.hnsw.efSearch, 2000, 'the beam was widened up to the catalogue before giving up');
});
