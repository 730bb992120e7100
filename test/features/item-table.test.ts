import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Item } from '../../src/data/types.ts';
import {
  createItemTable,
  createWatchLog,
  itemAgeDays,
  providerOf,
  recentWatches,
  trainingItemTable,
} from '../../src/features/item-table.ts';
import { createFeatureSpec } from '../../src/features/spec.ts';
import { DAY_MS } from '../../src/foundation/time.ts';

const catalogue: Item[] = [
  { itemId: 'a', topic: 'news', tags: [], durationSec: 30, publishedAt: DAY_MS },
  { itemId: 'b', topic: 'sport', tags: [], durationSec: 90, publishedAt: 2 * DAY_MS },
  { itemId: 'c', topic: 'news', tags: [], durationSec: 45, publishedAt: 3 * DAY_MS },
];
const spec = createFeatureSpec(catalogue, []); // items: <oov> a b c

test('the watch log groups times per item in CSR form, each item’s times sorted', () => {
  const log = createWatchLog(
    [
      { item: 2, time: 30 },
      { item: 1, time: 20 },
      { item: 2, time: 10 },
      { item: 1, time: 5 },
      { item: 2, time: 20 },
    ],
    4,
  );
  assert.deepEqual([...log.offsets], [0, 0, 2, 5, 5]);
  assert.deepEqual([...log.times], [5, 20, 10, 20, 30]);
});

test('an empty log has zero offsets and no times', () => {
  const log = createWatchLog([], 3);
  assert.deepEqual([...log.offsets], [0, 0, 0, 0]);
  assert.equal(log.times.length, 0);
});

test('the trend counts watches in [time − 7 days, time): the end excluded, the start included', () => {
  const t = 100 * DAY_MS;
  const log = createWatchLog(
    [
      { item: 1, time: t - 7 * DAY_MS },
      { item: 1, time: t - 7 * DAY_MS - 1 },
      { item: 1, time: t - 1 },
      { item: 1, time: t },
      { item: 2, time: t - DAY_MS },
    ],
    4,
  );
  const table = createItemTable(spec, catalogue, new Float64Array(4), { log });
  assert.equal(recentWatches(table, 1, t), 2);
  assert.equal(recentWatches(table, 1, t + 1), 2, 'moves with the query time');
  assert.equal(recentWatches(table, 2, t), 1);
  assert.equal(recentWatches(table, 3, t), 0);
  assert.equal(recentWatches(table, 1, 0), 0, 'nothing before the first watch');
});

test('from a log, the stored trend is the last week before the latest watch, inclusive', () => {
  const end = 50 * DAY_MS;
  const log = createWatchLog(
    [
      { item: 1, time: end },
      { item: 1, time: end - 3 * DAY_MS },
      { item: 2, time: end - 8 * DAY_MS },
    ],
    4,
  );
  const table = createItemTable(spec, catalogue, new Float64Array(4), { log });
  assert.deepEqual([...table.recentWatches], [0, 2, 0, 0]);
  assert.equal(table.watchLog, log);
});

test('without a log the snapshot serves whatever the time', () => {
  const recent = Float64Array.from([0, 4, 1, 0]);
  const table = createItemTable(spec, catalogue, new Float64Array(4), { recent });
  assert.equal(table.watchLog, undefined);
  assert.equal(table.recentWatches, recent);
  assert.equal(recentWatches(table, 1, 0), 4);
  assert.equal(recentWatches(table, 1, 1e15), 4);
});

test('per-item columns by vocabulary index; OOV and unknown items stay zero', () => {
  const watches = Float64Array.from([0, 7, 8, 9]);
  const table = createItemTable(
    spec,
    [catalogue[2], { ...catalogue[0], itemId: 'zz', durationSec: 999 }, catalogue[0], catalogue[1]],
    watches,
    { recent: new Float64Array(4) },
  );
  assert.deepEqual([...table.topic], [0, 1, 2, 1]);
  assert.deepEqual([...table.durationSec], [0, 30, 90, 45]);
  assert.deepEqual([...table.publishedAt], [0, DAY_MS, 2 * DAY_MS, 3 * DAY_MS]);
  assert.equal(table.watches, watches);
});

test('the training table builds its log from every timeline’s watches', () => {
  const t = 20 * DAY_MS;
  const table = trainingItemTable(spec, catalogue, new Float64Array(4), [
    { watches: [{ item: 1, time: t - DAY_MS }] },
    {
      watches: [
        { item: 1, time: t },
        { item: 3, time: t - 2 * DAY_MS },
      ],
    },
  ]);
  assert.ok(table.watchLog);
  assert.deepEqual([...table.watchLog.offsets], [0, 0, 2, 2, 3]);
  assert.deepEqual([...table.recentWatches], [0, 2, 0, 1]);
  assert.equal(recentWatches(table, 1, t), 1, 'as of t, the watch at t is not yet counted');
});

test('item age in days, never negative', () => {
  const table = createItemTable(spec, catalogue, new Float64Array(4), { recent: new Float64Array(4) });
  assert.equal(itemAgeDays(table, 1, 11 * DAY_MS), 10);
  assert.equal(itemAgeDays(table, 2, 2 * DAY_MS + DAY_MS / 2), 0.5);
  assert.equal(itemAgeDays(table, 3, 0), 0, 'published later than the time');
});

test('providers are interned per table: 0 is none, each name one index in order of first appearance', () => {
  const items: Item[] = [
    { ...catalogue[0], provider: 'studio' },
    catalogue[1],
    { ...catalogue[2], provider: 'studio' },
  ];
  const t = createItemTable(spec, items, new Float64Array(4), { recent: new Float64Array(4) });
  assert.deepEqual([...t.provider!], [0, 1, 0, 1]);
  assert.deepEqual(t.providers, ['', 'studio']);
  assert.equal(providerOf(t, 'studio'), 1);
  assert.equal(providerOf(t, undefined), 0);
  assert.equal(providerOf(t, 'new'), 2);
  assert.deepEqual(t.providers, ['', 'studio', 'new']);
});
