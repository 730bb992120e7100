import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stateBytes } from '../../src/serving/state-size.ts';
import type { UserState } from '../../src/serving/user-state.ts';

const state = (watches: number, dislikes: number, tokens = 0): UserState => ({
  watched: Array.from({ length: watches }, (_, i) => i + 1),
  watchedAt: new Map(Array.from({ length: watches }, (_, i) => [i + 1, i])),
  disliked: new Set(Array.from({ length: dislikes }, (_, i) => i + 1)),
  ...(tokens ? { searches: { tokens: new Int32Array(tokens), times: new Float64Array(tokens) } } : {}),
});

test('stateBytes grows with watches, dislikes and search tokens, from a fixed base', () => {
  const empty = stateBytes(state(0, 0));
  assert.ok(empty > 0);
  assert.equal(stateBytes(state(10, 0)) - empty, 10 * (stateBytes(state(1, 0)) - empty), 'linear in watches');
  assert.ok(stateBytes(state(0, 5)) > empty);
  assert.ok(stateBytes(state(0, 0, 20)) > empty);
  assert.ok(stateBytes(state(1000, 0)) > 40_000, 'a heavy user costs tens of kilobytes');
});
