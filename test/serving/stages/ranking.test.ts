import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blendScore, MIN_WATCH_TIME } from '../../../src/models/ranking/blend-score.ts';
import { blendBeta, blendOrder, scoreCandidates } from '../../../src/serving/stages/ranking.ts';

// retrieval order 5, 6, 7, 8; position 1 (item 6) was filtered before ranking
const found = { items: [5, 6, 7, 8], scores: [3, 2.5, 2, 1] };
const kept = [0, 2, 3];
const items = (l: { item: number }[]) => l.map((c) => c.item);

test('blend score: ψ·v + β·log E[watch time], with the watch time floored and β = 0 exact', () => {
  assert.equal(blendScore(2, Math.E ** 3, 0.5), 2 + 1.5);
  assert.equal(blendScore(2, 0, 1), 2 + Math.log(MIN_WATCH_TIME), 'an underflowed exp(logit) is floored');
  assert.equal(blendScore(2, Number.NaN, 0), 2, 'β = 0 is retrieval order whatever the ranker says');
  assert.equal(blendScore(2, Number.POSITIVE_INFINITY, 0), 2);
});

test('β = 0 keeps retrieval order; the shown score is exp(ψ·v − max ψ·v)', () => {
  const ranked = blendOrder(found, kept, [1, 100, 1000], 0);
  assert.deepEqual(items(ranked), [5, 7, 8]);
  assert.equal(ranked[0].score, 1);
  assert.ok(Math.abs(ranked[1].score - Math.exp(-1)) < 1e-12);
  assert.deepEqual(
    ranked.map((c) => [c.retrievalRank, c.retrievalScore, c.rankerScore]),
    [
      [0, 3, 1],
      [2, 2, 100],
      [3, 1, 1000],
    ],
  );
});

test('β > 0 lets the ranker reorder, by exactly the order of the blend score', () => {
  const watch = [1, 100, 1000];
  const ranked = blendOrder(found, kept, watch, 1);
  assert.deepEqual(items(ranked), [8, 7, 5]);
  for (const c of ranked) {
    const j = kept.findIndex((r) => found.items[r] === c.item);
    const expected = Math.exp(found.scores[kept[j]] - 3) * watch[j];
    assert.ok(Math.abs(c.score - expected) / expected < 1e-12, 'exp(ψ·v − max) · E^β');
    assert.ok(
      Math.abs(Math.log(c.score) - (blendScore(c.retrievalScore, c.rankerScore ?? Number.NaN, 1) - 3)) <
        1e-12,
    );
  }
});

test('without a ranker: retrieval order, no ranker score, the best at score 1', () => {
  const ranked = blendOrder(found, kept, undefined, 0.5);
  const byRetrieval = [...kept].sort((a, b) => found.scores[b] - found.scores[a]).map((r) => found.items[r]);
  assert.deepEqual(items(ranked), byRetrieval);
  assert.ok(ranked.every((c) => c.rankerScore === undefined));
  assert.equal(ranked[0].score, 1);
});

test('ties keep retrieval order', () => {
  const flat = { items: [1, 2, 3], scores: [1, 1, 1] };
  assert.deepEqual(items(blendOrder(flat, [0, 1, 2], [5, 5, 5], 1)), [1, 2, 3]);
});

test('a bundle without a learnt blend weight ranks with β = 1', () => {
  assert.equal(blendBeta({}), 1);
  assert.equal(blendBeta({ blend: {} }), 1);
  assert.equal(blendBeta({ blend: { beta: 0 } }), 0);
  assert.equal(blendBeta({ blend: { beta: 0.2 } }), 0.2);
});

test('scoring hands the assembled input to the ranker as it is', () => {
  const input = {
    ctx: {} as never,
    query: {} as never,
    items: [4, 2],
    ranks: [0, 3],
  };
  const seen: unknown[] = [];
  const scorer = {
    score: (ctx: unknown, q: unknown, c: readonly number[], r?: ArrayLike<number>) => {
      seen.push(ctx, q, c, r);
      return Float32Array.from([7, 8]);
    },
  };
  assert.deepEqual([...scoreCandidates(scorer, input)], [7, 8]);
  assert.deepEqual(seen, [input.ctx, input.query, input.items, input.ranks]);
});
