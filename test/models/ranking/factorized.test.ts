import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createItemTable, createWatchLog } from '../../../src/features/item-table.ts';
import { candidateFeatures, type QueryRow, rankerWidth } from '../../../src/features/ranking.ts';
import { createFeatureSpec, queryDenseWidth } from '../../../src/features/spec.ts';
import { FactorizedRanker } from '../../../src/models/ranking/factorized.ts';
import { Ranker } from '../../../src/models/ranking/ranker.ts';
import { tf } from '../../../src/runtime/tf.ts';
import { randomVectors } from '../../helpers/random.ts';

// The serving form of the ranker must be the same function as the trained one over the full
// pair features: same scores for every candidate, including items added after it was built.
const DAY = 86_400_000;
const NOW = 400 * DAY;
const dim = 8;

/** A 40-item catalogue with a watch log, and one query with a history. */
function fixture() {
  const topics = ['A', 'B', 'C', 'D'];
  const catalogue = Array.from({ length: 40 }, (_, i) => ({
    itemId: `i${i + 1}`,
    topic: topics[i % 4],
    tags: [],
    durationSec: 30 + 17 * i,
    publishedAt: NOW - (i + 1) * 5 * DAY,
  }));
  const spec = createFeatureSpec(catalogue, [{ userId: 'u', age: 30, country: 'DE', device: 'tv' }], 6);
  const n = catalogue.length + 1;
  const log = createWatchLog(
    Array.from({ length: 60 }, (_, k) => ({ item: 1 + (k % 13), time: NOW - (k % 9) * DAY })),
    n,
  );
  const watches = Float64Array.from({ length: n }, (_, i) => (i * 7) % 23);
  const items = createItemTable(spec, catalogue, watches, { log });
  const dense = randomVectors(1, queryDenseWidth(spec), 5).map((x) => (x > 0.2 ? 1 : 0));
  const q: QueryRow = {
    psi: randomVectors(1, dim, 7),
    psiOffset: 0,
    dense,
    denseOffset: 0,
    history: Int32Array.from([0, 3, 9, 4, 12, 3]),
    historyTimes: Float64Array.from([0, NOW - 9 * DAY, NOW - 3 * DAY, NOW - DAY, NOW - 5000, NOW - 100]),
    historyOffset: 0,
    time: NOW,
  };
  return { spec, items, n, q };
}

test('factorized ranker scores equal the full-feature ranker, before and after items are added', () => {
  const { spec, items, n, q } = fixture();
  const ranker = new Ranker({ inputWidth: rankerWidth(spec, dim), hidden: [16, 8], seed: 3 });
  const before = tf.memory().numTensors;
  const scorer = new FactorizedRanker(ranker, { spec, dim });
  const check = (ctx: Parameters<FactorizedRanker['score']>[0], cands: number[], ranks?: number[]) => {
    const full = ranker.score(candidateFeatures(ctx, q, cands, ranks), cands.length);
    const fast = scorer.score(ctx, q, cands, ranks);
    assert.equal(fast.length, full.length);
    full.forEach((f, i) => {
      assert.ok(
        Math.abs(fast[i] - f) <= 1e-4 * Math.max(1, Math.abs(f)),
        `candidate ${i}: ${fast[i]} vs ${f}`,
      );
    });
  };
  const vectors = randomVectors(n, dim, 11);
  const cands = [5, 1, 33, 2, 17, 40, 8];
  check({ spec, items, vectors, dim }, cands);
  check({ spec, items, vectors, dim }, cands, [0, 3, 4, 9, 10, 11, 50]);
  // Cold start: the catalogue grows (a new vectors array with more rows).
  const grown = new Float32Array((n + 2) * dim);
  grown.set(vectors);
  grown.set(randomVectors(2, dim, 13), n * dim);
  // As at serving: no watch log, the trend is the stored last-week count.
  const grow = <T extends Float32Array | Float64Array | Int32Array>(x: T, fill: number): T => {
    const out = new (x.constructor as new (k: number) => T)(n + 2).fill(fill) as T;
    out.set(x.subarray(0, n));
    return out;
  };
  const grownItems = {
    topic: grow(items.topic, 2),
    durationSec: grow(items.durationSec, 90),
    publishedAt: grow(items.publishedAt, NOW),
    watches: grow(items.watches, 0),
    recentWatches: Float64Array.from({ length: n + 2 }, (_, i) => i % 5),
  };
  check({ spec, items: grownItems, vectors: grown, dim }, [n + 1, 5, n, 3]);
  assert.deepEqual(scorer.score({ spec, items, vectors, dim }, q, []), new Float32Array());
  scorer.dispose();
  ranker.dispose();
  assert.equal(tf.memory().numTensors, before - ranker.variables().length);
});

test('with source columns: the same function as the full-feature ranker, each candidate with its origins', () => {
  const { spec, items, n, q } = fixture();
  const ranker = new Ranker({ inputWidth: rankerWidth(spec, dim, true), hidden: [16], seed: 4 });
  const scorer = new FactorizedRanker(ranker, { spec, dim, sourceFeatures: true });
  const ctx = { spec, items, vectors: randomVectors(n, dim, 12), dim, sourceFeatures: true };
  const cands = [5, 1, 33, 2];
  const origins = [
    [{ source: 'ann' as const, rank: 0 }],
    [
      { source: 'ann' as const, rank: 1 },
      { source: 'related' as const, rank: 0 },
    ],
    [{ source: 'fresh' as const, rank: 2 }],
    [{ source: 'trending' as const, rank: 0 }],
  ];
  const ranks = [0, 1, 200, 201];
  const full = ranker.score(candidateFeatures(ctx, q, cands, ranks, origins), cands.length);
  const fast = scorer.score(ctx, q, cands, ranks, origins);
  full.forEach((f, i) => {
    assert.ok(Math.abs(fast[i] - f) <= 1e-4 * Math.max(1, Math.abs(f)), `candidate ${i}: ${fast[i]} vs ${f}`);
  });
  const annOnly = scorer.score(ctx, q, cands, ranks);
  assert.notDeepEqual(annOnly, fast, 'the sources change the scores: the columns are read');
  assert.throws(() => new FactorizedRanker(ranker, { spec, dim }), /does not match/, 'widths must agree');
  scorer.dispose();
  ranker.dispose();
});
