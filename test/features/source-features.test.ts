import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  annOrigin,
  SOURCE_COLUMNS,
  SOURCE_NAMES,
  writeSourceFeatures,
} from '../../src/features/source-features.ts';

test('two columns per source, in SOURCE_NAMES order: produced it, and log(1 + rank) / 6', () => {
  assert.equal(SOURCE_COLUMNS, 2 * SOURCE_NAMES.length);
  const out = new Float32Array(SOURCE_COLUMNS + 2).fill(7);
  writeSourceFeatures(
    [
      { source: 'ann', rank: 0 },
      { source: 'fresh', rank: 9 },
    ],
    out,
    1,
  );
  const at = (s: string) => 1 + 2 * SOURCE_NAMES.indexOf(s as (typeof SOURCE_NAMES)[number]);
  assert.equal(out[0], 7, 'nothing before the offset');
  assert.equal(out[at('ann')], 1);
  assert.equal(out[at('ann') + 1], 0, 'rank 0');
  assert.equal(out[at('fresh')], 1);
  assert.ok(Math.abs(out[at('fresh') + 1] - Math.log(10) / 6) < 1e-6);
  for (const s of ['related', 'neighbours', 'trending'])
    assert.deepEqual([out[at(s)], out[at(s) + 1]], [0, 0]);
  assert.equal(out[SOURCE_COLUMNS + 1], 7, 'nothing after the columns');
});

test('pinned has no columns (placed after ranking), and no origin at all zeroes the block', () => {
  const out = new Float32Array(SOURCE_COLUMNS).fill(3);
  writeSourceFeatures([{ source: 'pinned', rank: 0 }], out, 0);
  assert.deepEqual([...out], new Array(SOURCE_COLUMNS).fill(0));
  assert.deepEqual(annOrigin(4), [{ source: 'ann', rank: 4 }]);
});
