import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ItemTable } from '../../../src/features/item-table.ts';
import { providerCap } from '../../../src/serving/rules/provider-cap.ts';
import { candidates, fixtureContext, fixtureItems, itemIds } from '../../helpers/rule-fixture.ts';

/** Items 1..6 of the rule fixture with providers [_, X, X, X, Y, none, X]. */
function withProviders(): ItemTable {
  return { ...fixtureItems(), provider: Int32Array.from([0, 1, 1, 1, 2, 0, 1]), providers: ['', 'X', 'Y'] };
}

const list = () => candidates([1, 6], [2, 5], [3, 4], [4, 3], [5, 2], [6, 1]);

test('provider cap: 0 is off, and a table without providers is left alone', () => {
  const ctx = fixtureContext({ items: withProviders(), k: 4 });
  assert.deepEqual(itemIds(providerCap({ maxPerProvider: 0 }).apply(list(), ctx)), [1, 2, 3, 4, 5, 6]);
  const bare = fixtureContext({ k: 4 });
  assert.deepEqual(itemIds(providerCap({ maxPerProvider: 1 }).apply(list(), bare)), [1, 2, 3, 4, 5, 6]);
});

test('provider cap: at most N of one provider in the top k; the best qualifying item takes each place', () => {
  const ctx = fixtureContext({ items: withProviders(), k: 4 });
  const out = providerCap({ maxPerProvider: 2 }).apply(list(), ctx);
  // X owns 1, 2, 3, 6: its third (3) waits behind Y's 4 and the provider-less 5
  assert.deepEqual(itemIds(out), [1, 2, 4, 5, 3, 6]);
  const provider = ctx.items.provider!;
  const top = out.slice(0, 4).filter((c) => provider[c.item] === 1);
  assert.equal(top.length, 2, 'cap respected');
  assert.deepEqual(
    out.map((c) => c.score),
    [6, 5, 3, 2, 4, 1],
    'scores are untouched: only the order changes',
  );
});

test('provider cap: items without a provider are never held back; below k the order is kept', () => {
  const items = { ...fixtureItems(), provider: new Int32Array(7), providers: [''] };
  const out = providerCap({ maxPerProvider: 1 }).apply(list(), fixtureContext({ items, k: 3 }));
  assert.deepEqual(itemIds(out), [1, 2, 3, 4, 5, 6]);
});

test('provider cap: the list still fills when every candidate is one provider', () => {
  const items = { ...fixtureItems(), provider: new Int32Array(7).fill(1), providers: ['', 'X'] };
  const out = providerCap({ maxPerProvider: 1 }).apply(list(), fixtureContext({ items, k: 4 }));
  assert.deepEqual(itemIds(out), [1, 2, 3, 4, 5, 6]);
});

test('provider cap: the count restarts every page of 10 positions', () => {
  const n = 21;
  const items: ItemTable = {
    ...fixtureItems(),
    topic: new Int32Array(n + 1),
    provider: Int32Array.from({ length: n + 1 }, (_, i) => (i === 0 ? 0 : i <= 18 ? 1 : 2)),
    providers: ['', 'X', 'Y'],
  };
  const l = candidates(...Array.from({ length: n }, (_, i) => [i + 1, n - i] as [number, number]));
  const out = providerCap({ maxPerProvider: 9 }).apply(l, fixtureContext({ items, k: 20 }));
  // each page of 10 holds at most 9 of X's: Y's 19 and 20 move up to close the first two pages
  assert.deepEqual(itemIds(out).slice(0, 10), [1, 2, 3, 4, 5, 6, 7, 8, 9, 19]);
  assert.deepEqual(itemIds(out).slice(10, 20), [10, 11, 12, 13, 14, 15, 16, 17, 18, 20]);
});
