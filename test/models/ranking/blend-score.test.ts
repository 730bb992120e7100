import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blendScore, MIN_WATCH_TIME } from '../../../src/models/ranking/blend-score.ts';

test('β = 0 is the retrieval score exactly, whatever the ranker says', () => {
  for (const w of [0, 1, 1e6, Number.NaN, Number.POSITIVE_INFINITY]) assert.equal(blendScore(2.5, w, 0), 2.5);
});

test('β > 0 adds β · log E[watch time]; a zero estimate is floored, not −∞', () => {
  assert.ok(Math.abs(blendScore(1, Math.E ** 2, 0.5) - 2) < 1e-12);
  assert.equal(blendScore(1, 0, 1), 1 + Math.log(MIN_WATCH_TIME));
  assert.ok(Number.isFinite(blendScore(1, 0, 2)));
  // Order between two candidates follows the watch time when retrieval ties.
  assert.ok(blendScore(1, 100, 0.2) > blendScore(1, 10, 0.2));
});
