import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Item } from '../../src/data/types.ts';
import { createItemTable } from '../../src/features/item-table.ts';
import {
  candidateFeatures,
  type QueryRow,
  type RankingContext,
  rankerLayout,
  rankerWidth,
  ranksWithExcluded,
  summarizeHistory,
  writePairScalars,
  writeRankerFeatures,
} from '../../src/features/ranking.ts';
import { createFeatureSpec, queryDenseWidth } from '../../src/features/spec.ts';
import { DAY_MS } from '../../src/foundation/time.ts';

// Items i1..i3, topics A, B, A (indices 1, 2, 1); dimension 2.
const catalogue: Item[] = ['A', 'B', 'A'].map((topic, k) => ({
  itemId: `i${k + 1}`,
  topic,
  tags: [],
  durationSec: 60 * (k + 1),
  publishedAt: k * DAY_MS,
}));
const spec = createFeatureSpec(catalogue, [], 3);
const NOW = 10 * DAY_MS;
const ctx: RankingContext = {
  spec,
  items: createItemTable(spec, catalogue, Float64Array.from([0, 5, 0, 100]), {
    recent: Float64Array.from([0, 2, 0, 0]),
  }),
  vectors: Float32Array.from([0, 0, 1, 2, 3, 4, -1, 0]),
  dim: 2,
};
const dw = queryDenseWidth(spec);

function query(history: number[], times: number[] = history.map(() => 0)): QueryRow {
  return {
    psi: Float32Array.from([0.5, -1]),
    psiOffset: 0,
    dense: Float32Array.from({ length: dw }, (_, k) => k + 1),
    denseOffset: 0,
    history: Int32Array.from(history),
    historyTimes: Float64Array.from(times),
    historyOffset: 0,
    time: NOW,
  };
}

const close = (a: number, b: number) => Math.abs(a - b) < 1e-5;

test('one pair: ψ, v, their product and dot, the topic one-hot, the query dense copied', () => {
  const l = rankerLayout(spec, 2);
  const out = new Float32Array(rankerWidth(spec, 2)).fill(9);
  writeRankerFeatures(ctx, query([0, 0, 1]), 2, out, 0, 0);
  assert.deepEqual([...out.slice(l.psi, l.v)], [0.5, -1]);
  assert.deepEqual([...out.slice(l.v, l.prod)], [3, 4]);
  assert.deepEqual([...out.slice(l.prod, l.dot)], [1.5, -4]);
  assert.equal(out[l.dot], -2.5);
  assert.deepEqual([...out.slice(l.topic, l.scalars)], [0, 0, 1], 'topic B, the rest cleared');
  assert.deepEqual(
    [...out.slice(l.dense, l.width)],
    Array.from({ length: dw }, (_, k) => k + 1),
  );
});

test('item scalars: log duration, log age at the query time, log popularity, log trend, log rank', () => {
  const out = new Float32Array(10);
  const q = query([0, 0, 0]);
  writePairScalars(ctx, q, 3, 7, summarizeHistory(ctx, q), out, 0);
  const want = [Math.log1p(180) / 8, Math.log1p(8) / 6, Math.log1p(100) / 10, 0, Math.log1p(7) / 6];
  for (const [k, w] of want.entries()) assert.ok(close(out[k], w), `column ${k}: ${out[k]} vs ${w}`);
  writePairScalars(ctx, q, 1, 0, summarizeHistory(ctx, q), out, 0);
  assert.ok(close(out[3], Math.log1p(2) / 6), 'the snapshot trend of i1');
  assert.equal(out[4], 0);
});

test('without history: no topic share, no last topic, days since = 2 (never), cosine 0', () => {
  const out = new Float32Array(10);
  const q = query([0, 0, 0]);
  writePairScalars(ctx, q, 1, 0, summarizeHistory(ctx, q), out, 0);
  assert.deepEqual([...out.slice(5)], [0, 0, 0, 2, 0]);
});

test('a topic watched at an unknown time (0) is "never" for the days-since column', () => {
  const out = new Float32Array(10);
  const q = query([0, 0, 1], [0, 0, 0]);
  writePairScalars(ctx, q, 3, 0, summarizeHistory(ctx, q), out, 0);
  assert.deepEqual([...out.slice(5, 9)], [1, 1, 1, 2]);
});

test('the cosine of v to the history mean: 1 for the same direction, −1 opposite', () => {
  const out = new Float32Array(10);
  const hist = query([0, 1, 1], [0, NOW - DAY_MS, NOW - DAY_MS]); // mean of i1 = (1, 2)
  const s = summarizeHistory(ctx, hist);
  writePairScalars(ctx, hist, 1, 0, s, out, 0);
  assert.ok(close(out[9], 1));
  const opposite: RankingContext = { ...ctx, vectors: Float32Array.from([0, 0, 1, 2, 3, 4, -1, -2]) };
  writePairScalars(opposite, hist, 3, 0, summarizeHistory(opposite, hist), out, 0);
  assert.ok(close(out[9], -1));
});

test('an item with a zero embedding has cosine 0, not NaN', () => {
  const zero: RankingContext = { ...ctx, vectors: Float32Array.from([0, 0, 1, 2, 0, 0, -1, 0]) };
  const out = new Float32Array(10);
  const q = query([0, 0, 1]);
  writePairScalars(zero, q, 2, 0, summarizeHistory(zero, q), out, 0);
  assert.equal(out[9], 0);
});

test('candidate features: one row per candidate in order, the position as rank unless given', () => {
  const width = rankerWidth(spec, 2);
  const l = rankerLayout(spec, 2);
  const q = query([0, 1, 2], [0, NOW - 2 * DAY_MS, NOW - DAY_MS]);
  const cands = [3, 1, 2];
  const out = candidateFeatures(ctx, q, cands);
  assert.equal(out.length, 3 * width);
  cands.forEach((item, c) => {
    const one = new Float32Array(width);
    writeRankerFeatures(ctx, q, item, one, 0, c);
    assert.deepEqual([...out.slice(c * width, (c + 1) * width)], [...one]);
  });
  const ranked = candidateFeatures(ctx, q, cands, [10, 20, 30]);
  const rankCol = l.scalars + 4;
  assert.ok(close(ranked[width + rankCol], Math.log1p(20) / 6));
  assert.deepEqual(candidateFeatures(ctx, q, []).length, 0);
});

test('excluded items count only when they score strictly higher; the OOV row never counts', () => {
  const scores = Float32Array.from([100, 0.5, 0.5, 0.9, 0.2]);
  assert.deepEqual(
    [...ranksWithExcluded(scores, [1, 4], [0, 2, 3])],
    [1, 3],
    'i2 ties with i1: not above it',
  );
  assert.deepEqual([...ranksWithExcluded(scores, [3, 1], [])], [0, 1]);
  assert.deepEqual([...ranksWithExcluded(scores, [4], new Set([1, 2, 3]))], [3]);
});
