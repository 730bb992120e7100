import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  exposureMetrics,
  gini,
  groupTotals,
  headItems,
  itemProviders,
  longTailShare,
} from '../../../src/models/metrics/exposure.ts';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

test('gini: hand-computed values (Σ|xᵢ − xⱼ| over ordered pairs / (2n²·mean))', () => {
  close(gini([1, 1, 1, 1]), 0); // all equal
  close(gini([0, 0, 0, 1]), 0.75); // one holds everything: (n − 1)/n
  close(gini([1, 2, 3, 4]), 0.25); // pair differences 20 / (2·16·2.5)
  close(gini([3, 1, 0, 0]), 0.625); // unsorted input: 20 / (2·16·1)
  close(gini([5, 5, 0, 0]), 0.5); // half the items share everything
});

test('gini: no values, or nothing shown, is 0 (not NaN); scale does not matter', () => {
  assert.equal(gini([]), 0);
  assert.equal(gini([0, 0]), 0);
  close(gini([10, 20, 30, 40]), gini([1, 2, 3, 4]));
});

test('headItems: the ⌈p %⌉ most watched items, ties by index, never the OOV slot or an unwatched item', () => {
  const pop = [100, 5, 9, 0, 9, 1]; // index 0 is the OOV slot
  assert.deepEqual([...headItems(pop, 40)], [0, 0, 1, 0, 1, 0]);
  assert.deepEqual([...headItems(pop, 41)], [0, 1, 1, 0, 1, 0], '⌈2.05⌉ = 3 items');
  assert.deepEqual([...headItems(pop, 100)], [0, 1, 1, 0, 1, 1], 'the unwatched item 3 stays tail');
  assert.deepEqual([...headItems(pop, 0)], [0, 0, 0, 0, 0, 0]);
});

test('groupTotals and longTailShare', () => {
  assert.deepEqual([...groupTotals([9, 4, 0, 2, 2], [0, 1, 1, 2, 0], 3)], [4, 2], 'group 0 (none) left out');
  close(longTailShare([4, 0, 2, 2], Uint8Array.from([1, 0, 0, 0])), 0.5);
  assert.equal(longTailShare([0, 0], new Uint8Array(2)), 0);
});

test('exposureMetrics: item Gini, provider Gini and the long-tail share of slot counts', () => {
  // slots per item [OOV, 4, 0, 2, 2]; item 1 is the head; providers A: 1, 2; B: 3; item 4 none
  const providers = itemProviders(
    [
      { itemId: 'a', provider: 'A' },
      { itemId: 'b', provider: 'A' },
      { itemId: 'c', provider: 'B' },
      { itemId: 'd' },
      { itemId: 'unknown', provider: 'C' },
    ],
    (id) => ['-', 'a', 'b', 'c', 'd'].indexOf(id),
    5,
  );
  assert.deepEqual(providers && [...providers.provider], [0, 1, 1, 2, 0]);
  assert.equal(providers?.count, 3, 'A, B and "none"; an item outside the vocabulary adds none');
  const m = exposureMetrics(Float64Array.from([99, 4, 0, 2, 2]), Uint8Array.from([0, 1, 0, 0, 0]), providers);
  close(m.itemGini, 0.375); // [0, 2, 2, 4]: pair differences 24 / (2·16·2)
  close(m.providerGini!, 1 / 6); // A 4, B 2: pair differences 4 / (2·4·3)
  close(m.longTailShare, 0.5);
});

test('no provider anywhere (MovieLens): no provider Gini', () => {
  assert.equal(
    itemProviders([{ itemId: 'a' }], () => 1, 2),
    undefined,
  );
  const m = exposureMetrics(Float64Array.from([0, 1, 1]), new Uint8Array(3));
  assert.equal(m.providerGini, undefined);
  assert.equal(m.itemGini, 0);
  assert.equal(m.longTailShare, 1);
});
