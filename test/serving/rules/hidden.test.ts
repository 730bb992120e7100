import assert from 'node:assert/strict';
import { test } from 'node:test';
import { removeHidden } from '../../../src/serving/rules/hidden.ts';
import { candidates, fixtureContext, itemIds } from '../../helpers/rule-fixture.ts';

test('removeHidden: items flagged in the item table leave the list; no flags, nothing leaves', () => {
  const ctx = fixtureContext();
  const list = candidates([1, 3], [2, 2], [3, 1]);
  assert.deepEqual(itemIds(removeHidden.apply(list, ctx)), [1, 2, 3]);
  const hidden = new Uint8Array(3);
  hidden[2] = 1;
  const flagged = { ...ctx, items: { ...ctx.items, hidden } };
  assert.deepEqual(
    itemIds(removeHidden.apply(list, flagged)),
    [1, 3],
    'item 3 lies past the array: not hidden',
  );
  assert.equal(removeHidden.keeps?.(2, flagged), false);
  assert.equal(removeHidden.why, 'hidden or retired from the catalogue');
});
