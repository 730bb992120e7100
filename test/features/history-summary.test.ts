import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Item } from '../../src/data/types.ts';
import { summarizeHistory } from '../../src/features/history-summary.ts';
import { createItemTable } from '../../src/features/item-table.ts';
import type { QueryRow, RankingContext } from '../../src/features/ranking-input.ts';
import { createFeatureSpec } from '../../src/features/spec.ts';

// Items i1..i4 with topics A, B, A, C (topic indices 1, 2, 1, 3); embeddings of dimension 2.
const catalogue: Item[] = ['A', 'B', 'A', 'C'].map((topic, k) => ({
  itemId: `i${k + 1}`,
  topic,
  tags: [],
  durationSec: 10,
  publishedAt: 0,
}));
const spec = createFeatureSpec(catalogue, [], 5);
const ctx: RankingContext = {
  spec,
  items: createItemTable(spec, catalogue, new Float64Array(5), { recent: new Float64Array(5) }),
  vectors: Float32Array.from([0, 0, 1, 0, 0, 1, 1, 1, 3, 4]),
  dim: 2,
};
const row = (history: number[], offset = 0): QueryRow => {
  const h = new Int32Array(offset + 5);
  h.set(history, offset);
  return {
    psi: new Float32Array(2),
    psiOffset: 0,
    dense: new Float32Array(0),
    denseOffset: 0,
    history: h,
    historyTimes: new Float64Array(offset + 5),
    historyOffset: offset,
    time: 0,
  };
};

test('counts real slots per topic, the latest slot of each topic and the last slot', () => {
  const s = summarizeHistory(ctx, row([0, 1, 2, 3, 0 /* trailing pad never happens, but is skipped */]));
  assert.equal(s.real, 3);
  assert.equal(s.last, 3);
  assert.equal(s.lastTopic, 1, 'i3 is topic A');
  assert.deepEqual([...s.same], [0, 2, 1, 0]);
  assert.deepEqual([...s.lastSame], [-1, 3, 2, -1]);
});

test('the mean embedding is the sum of the history rows, with its squared norm', () => {
  const s = summarizeHistory(ctx, row([0, 0, 0, 1, 4]));
  assert.deepEqual([...s.mean], [4, 4]);
  assert.equal(s.meanNorm2, 32);
});

test('an empty history: nothing real, no last slot, a zero mean', () => {
  const s = summarizeHistory(ctx, row([0, 0, 0, 0, 0]));
  assert.deepEqual(
    { real: s.real, last: s.last, lastTopic: s.lastTopic, meanNorm2: s.meanNorm2 },
    { real: 0, last: -1, lastTopic: -1, meanNorm2: 0 },
  );
  assert.ok(s.lastSame.every((x) => x === -1) && s.same.every((x) => x === 0));
});

test('the history is read at the row offset', () => {
  const a = summarizeHistory(ctx, row([0, 2, 0, 4, 1], 7));
  const b = summarizeHistory(ctx, row([0, 2, 0, 4, 1]));
  assert.deepEqual(a, b);
});
