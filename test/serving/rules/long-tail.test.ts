import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ItemTable } from '../../../src/features/item-table.ts';
import { longTailFloor } from '../../../src/serving/rules/long-tail.ts';
import type { Candidate } from '../../../src/serving/rules/rule.ts';
import { candidates, fixtureContext, fixtureItems, itemIds } from '../../helpers/rule-fixture.ts';

/**
 * Watches per item [_, 90, 80, 70, 5, 3, 1]: with a 50 % head, items 1, 2, 3 are the head and
 * 4, 5, 6 the long tail.
 */
function popular(): ItemTable {
  return { ...fixtureItems(), watches: Float64Array.from([0, 90, 80, 70, 5, 3, 1]) };
}

const on = (minItems: number, margin: number) => longTailFloor({ minItems, headPercent: 50, margin });
const tail = (l: readonly Candidate[], k: number) => l.slice(0, k).filter((c) => c.item >= 4).length;

test('long-tail floor: minItems 0 is off', () => {
  const l = candidates([1, 10], [2, 9], [3, 8], [4, 7]);
  assert.deepEqual(itemIds(on(0, 1).apply(l, fixtureContext({ items: popular(), k: 3 }))), [1, 2, 3, 4]);
});

test('long-tail floor: a tail candidate within the margin replaces the last head item of the top k', () => {
  // 4 scores 7.5 ≥ (1 − 0.2) × 8: it takes 3's place; 3 leads what follows; the rest keeps its order
  const l = candidates([1, 10], [2, 9], [3, 8], [4, 7.5], [5, 7], [6, 1]);
  const out = on(1, 0.2).apply(l, fixtureContext({ items: popular(), k: 3 }));
  assert.deepEqual(itemIds(out), [1, 2, 4, 3, 5, 6]);
  assert.equal(tail(out, 3), 1, 'floor respected');
  assert.deepEqual(
    out.map((c) => c.score),
    [10, 9, 7.5, 8, 7, 1],
    'scores are untouched',
  );
});

test('long-tail floor: nothing moves when no tail candidate scores within the margin', () => {
  // best tail item 4 scores 6 < (1 − 0.2) × 8 = 6.4
  const l = candidates([1, 10], [2, 9], [3, 8], [4, 6], [5, 5], [6, 1]);
  const out = on(2, 0.2).apply(l, fixtureContext({ items: popular(), k: 3 }));
  assert.deepEqual(itemIds(out), [1, 2, 3, 4, 5, 6]);
  // a wider margin lets both in: each replaces the last head item left in the top k
  const wide = on(2, 0.5).apply(l, fixtureContext({ items: popular(), k: 3 }));
  assert.deepEqual(itemIds(wide), [1, 4, 5, 2, 3, 6]);
  assert.equal(tail(wide, 3), 2);
});

test('long-tail floor: the best-scoring tail item is chosen, wherever it is below the top k', () => {
  // after a reordering rule the list need not be sorted: 5 (7.9) beats 4 (7.0)
  const l = candidates([1, 10], [2, 9], [3, 8], [4, 7], [5, 7.9], [6, 1]);
  const out = on(1, 0.2).apply(l, fixtureContext({ items: popular(), k: 3 }));
  assert.deepEqual(itemIds(out), [1, 2, 5, 3, 4, 6]);
});

test('long-tail floor: a top k that already has enough tail items is kept', () => {
  const l = candidates([1, 10], [4, 9], [2, 8], [5, 7.9], [3, 7.8]);
  const out = on(1, 1).apply(l, fixtureContext({ items: popular(), k: 3 }));
  assert.deepEqual(itemIds(out), [1, 4, 2, 5, 3]);
});

test('long-tail floor: items never watched in training are tail; the floor is per page of 10', () => {
  const n = 30;
  const watches = Float64Array.from({ length: n + 1 }, (_, i) => (i === 0 || i > 20 ? 0 : 100 - i));
  const items: ItemTable = { ...fixtureItems(), topic: new Int32Array(n + 1), watches };
  // 20 % of 30 items = the 6 most watched (1..6) are the head; 21..30 were never watched
  const l = candidates(...Array.from({ length: n }, (_, i) => [i + 1, 100 - i] as [number, number]));
  const out = longTailFloor({ minItems: 10, headPercent: 20, margin: 1 }).apply(
    l,
    fixtureContext({ items, k: 20 }),
  );
  const head = (c: Candidate) => c.item <= 6;
  assert.equal(out.slice(0, 10).filter(head).length, 0, 'first page: all tail');
  assert.equal(out.slice(10, 20).filter(head).length, 0, 'second page: all tail');
  assert.deepEqual(
    [...itemIds(out)].sort((a, b) => a - b),
    itemIds(l),
    'nothing lost',
  );
});

test('long-tail floor and provider cap in the chain: both off by default, each step in the explain trace', async () => {
  const { DEFAULT_RULES } = await import('../../../src/bundle/rules-config.ts');
  const { applyChain, createChain } = await import('../../../src/serving/rules/chain.ts');
  const items: ItemTable = {
    ...popular(),
    provider: Int32Array.from([0, 1, 1, 2, 1, 3, 1]),
    providers: ['', 'X', 'Y', 'Z'],
  };
  const l = candidates([1, 10], [2, 9], [3, 8], [4, 7.5], [5, 7], [6, 1]);
  const ctx = fixtureContext({ items, k: 3, now: 71 * 86_400_000 });
  const off = { ...DEFAULT_RULES, freshness: { boost: 0, halfLifeDays: 7 } };
  assert.deepEqual(itemIds(applyChain(createChain(off), l, ctx)), [1, 2, 3, 4, 5, 6], 'defaults: no change');
  const on = {
    ...off,
    longTail: { minItems: 1, headPercent: 50, margin: 0.2 },
    providerCap: { maxPerProvider: 1 },
  };
  const trace = { steps: new Map(), removed: [] };
  const out = applyChain(createChain(on), l, ctx, trace);
  // the floor brings tail item 4 in for head item 3 (Y's); then the cap keeps one of X's (1, 2, 4)
  // in the top 3: Y's 3 comes back and Z's 5 (a tail item too) takes the third place
  assert.deepEqual(itemIds(out).slice(0, 3), [1, 3, 5]);
  const rules = (item: number) => (trace.steps.get(item) ?? []).map((s: { rule: string }) => s.rule);
  assert.ok(rules(4).includes('long-tail'), 'the floor shows in the trace');
  assert.ok(rules(2).includes('provider-cap'), 'the cap shows in the trace');
});
