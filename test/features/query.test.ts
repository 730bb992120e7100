import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTimelines } from '../../src/data/interactions.ts';
import type { Item, RecoEvent } from '../../src/data/types.ts';
import { buildRetrievalData, dataEnd, exampleAge, selectRows } from '../../src/features/query.ts';
import { createFeatureSpec } from '../../src/features/spec.ts';

const DAY = 86_400_000;
const item = (itemId: string): Item => ({ itemId, topic: 't', tags: [], durationSec: 60, publishedAt: 0 });
const items = ['a', 'b', 'c', 'd'].map(item);
const watch = (userId: string, itemId: string, day: number): RecoEvent => ({
  userId,
  itemId,
  type: 'watch',
  timestamp: day * DAY,
});
const events = [watch('u1', 'a', 1), watch('u1', 'b', 2), watch('u1', 'c', 3), watch('u2', 'd', 4)];
const spec = createFeatureSpec(items, [], 3);
const timelines = buildTimelines(events, spec.items);
const idx = (id: string) => spec.items.index.get(id) ?? -1;

test('leave-last-out: every watch is a training example but a user’s last (given two or more)', () => {
  const d = buildRetrievalData(spec, timelines.values(), new Map());
  assert.equal(d.train.size, 3, "u1's first two watches and u2's only one");
  assert.equal(d.valid.size, 1);
  assert.equal(d.valid.labels[0], idx('c'));
  assert.deepEqual(
    [...d.validExclude[0]].sort(),
    [idx('a'), idx('b')].sort(),
    'what came before is excluded',
  );
  assert.equal(d.validTime[0], 3 * DAY);
  // The validation row reads the watches before it, right-aligned in the history slots.
  assert.deepEqual([...d.valid.historyIds], [0, idx('a'), idx('b')]);
  const all = buildRetrievalData(spec, timelines.values(), new Map(), false);
  assert.equal(all.train.size, 4, 'holdOut false: every watch trains');
  assert.equal(all.valid.size, 0);
});

test('the time-decayed weights sum to 1 over real slots, newest heaviest', () => {
  const d = buildRetrievalData(spec, timelines.values(), new Map());
  const w = [...d.valid.timeWeights];
  assert.equal(w[0], 0, 'padding has no weight');
  assert.ok(Math.abs(w[1] + w[2] - 1) < 1e-6);
  assert.ok(w[2] > w[1], 'the latest watch weighs most');
});

test('selectRows copies the chosen rows, in the order asked', () => {
  const d = buildRetrievalData(spec, timelines.values(), new Map(), false);
  const b = selectRows(spec, d.train, [3, 0]);
  assert.equal(b.size, 2);
  assert.deepEqual([...b.labels], [d.train.labels[3], d.train.labels[0]]);
  assert.deepEqual([...b.historyIds.subarray(0, 3)], [...d.train.historyIds.subarray(9, 12)]);
  b.labels[0] = 99;
  assert.notEqual(d.train.labels[3], 99, 'a copy, not a view');
});

test('example age: days before the end of the data, never negative', () => {
  const end = dataEnd(timelines.values());
  assert.equal(end, 4 * DAY);
  assert.equal(exampleAge(end, 1 * DAY), 3);
  assert.equal(exampleAge(end, 5 * DAY), 0);
});

test('trainRows false: the validation rows alone (sequence training writes its rows per batch)', () => {
  const full = buildRetrievalData(spec, timelines.values(), new Map());
  const d = buildRetrievalData(spec, timelines.values(), new Map(), true, false, false);
  assert.equal(d.train.size, 0);
  assert.deepEqual([...d.valid.historyIds], [...full.valid.historyIds]);
  assert.deepEqual([...d.valid.labels], [...full.valid.labels]);
  assert.deepEqual(d.validTime, full.validTime);
});
