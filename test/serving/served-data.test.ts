import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LoadedBundle } from '../../src/bundle/read.ts';
import type { Item } from '../../src/data/types.ts';
import type { ItemFlags } from '../../src/events/store.ts';
import { createItemTable } from '../../src/features/item-table.ts';
import { createFeatureSpec } from '../../src/features/spec.ts';
import { applyServedData, forgetUsers, markHidden, readServedData } from '../../src/serving/served-data.ts';

const items: Item[] = ['a', 'b', 'c'].map((itemId) => ({
  itemId,
  topic: 't',
  tags: [],
  durationSec: 1,
  publishedAt: 0,
}));

function bundle(): LoadedBundle {
  const spec = createFeatureSpec(items, []);
  const users = new Map([
    ['u1', { userId: 'u1', watched: [], disliked: [] }],
    ['u2', { userId: 'u2', watched: [], disliked: [] }],
  ]);
  return {
    spec,
    itemTable: createItemTable(spec, items, new Float64Array(4), { recent: new Float64Array(4) }),
    users,
  } as unknown as LoadedBundle;
}

const flags = (entries: [string, Partial<ItemFlags>][]) =>
  new Map(entries.map(([id, f]) => [id, { hidden: false, retired: false, ...f }]));

test('markHidden: hidden and retired items are marked in the table; every flagged id is returned', () => {
  const b = bundle();
  const ids = markHidden(
    b,
    flags([
      ['a', { hidden: true }],
      ['c', { retired: true }],
      ['elsewhere', { hidden: true }],
    ]),
  );
  assert.deepEqual([...(b.itemTable.hidden ?? [])], [0, 1, 0, 1]);
  assert.deepEqual([...ids].sort(), ['a', 'c', 'elsewhere'], 'unknown to the bundle too (pins check those)');
});

test('markHidden replaces the marks whole: unflagged items come back, no flag at all clears the table', () => {
  const b = bundle();
  markHidden(b, flags([['a', { hidden: true }]]));
  markHidden(b, flags([['b', { hidden: true }]]));
  assert.deepEqual([...(b.itemTable.hidden ?? [])], [0, 0, 1, 0]);
  assert.deepEqual([...markHidden(b, flags([['a', {}]]))], [], 'neither flag set: not hidden');
  assert.equal(b.itemTable.hidden, undefined, 'nothing to read for the hidden rule');
  markHidden(b, flags([['elsewhere', { retired: true }]]));
  assert.equal(b.itemTable.hidden, undefined, 'no item of this bundle is flagged');
});

test('forgetUsers: the snapshot and the index entry go; no bundle or index is fine', () => {
  const b = bundle();
  const removed: string[] = [];
  forgetUsers(b, { remove: (u) => removed.push(u) > 0 }, ['u1', 'nobody']);
  assert.deepEqual([...b.users.keys()], ['u2']);
  assert.deepEqual(removed, ['u1', 'nobody']);
  forgetUsers(undefined, undefined, ['u2']);
});

test('readServedData reads erasures and flags; applyServedData applies both, idempotently', async () => {
  const store = {
    erasedUsers: async () => new Map([['u2', 123]]),
    itemFlags: async () => flags([['b', { retired: true }]]),
  };
  const data = await readServedData(store);
  assert.deepEqual([...data.erased], [['u2', 123]]);
  const b = bundle();
  const pins = { hidden: new Set<string>() as ReadonlySet<string> };
  const removed: string[] = [];
  const index = { remove: (u: string) => removed.push(u) > 0 };
  for (let i = 0; i < 2; i++) applyServedData(b, index, pins, data);
  assert.deepEqual([...b.users.keys()], ['u1']);
  assert.deepEqual([...pins.hidden], ['b']);
  assert.deepEqual([...(b.itemTable.hidden ?? [])], [0, 0, 1, 0]);
  assert.deepEqual(removed, ['u2', 'u2']);
  // No bundle yet: nothing to apply to, the pins are left as they are.
  const before = pins.hidden;
  applyServedData(undefined, index, pins, data);
  assert.equal(pins.hidden, before);
});
