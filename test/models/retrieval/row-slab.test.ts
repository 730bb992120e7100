import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { RowSlab, viaSlab } from '../../../src/models/retrieval/row-slab.ts';
import { initTf, tf } from '../../../src/runtime/tf.ts';

before(async () => {
  await initTf('wasm');
});

const table = () =>
  tf.variable(tf.tensor2d([0, 0, 1, 1, 2, 2, 3, 3, 4, 4], [5, 2]), true, `slab-test-${Math.random()}`);

test('a slab holds the distinct rows read, in first-read order, with their values; the rest is zero', () => {
  const t = table();
  const slab = new RowSlab(t, 4);
  slab.fill([Int32Array.of(3, 1, 3), Int32Array.of(1, 4)]);
  assert.deepEqual([...slab.rows()], [3, 1, 4]);
  assert.deepEqual([...slab.variable.dataSync()], [3, 3, 1, 1, 4, 4, 0, 0]);
  assert.deepEqual([...slab.local(Int32Array.of(4, 3, 1))], [2, 0, 1]);
  // A refill forgets the previous step's rows.
  slab.fill([Int32Array.of(0)]);
  assert.deepEqual([...slab.rows()], [0]);
  assert.throws(() => slab.local(Int32Array.of(3)), /row 3 was not loaded/);
  tf.dispose(t);
  slab.dispose();
});

test('a slab refuses more rows than its capacity', () => {
  const t = table();
  const slab = new RowSlab(t, 2);
  assert.throws(() => slab.fill([Int32Array.of(0, 1, 2)]), /more than 2 rows/);
  tf.dispose(t);
  slab.dispose();
});

test('viaSlab reads the table itself unless a slab stands in for it', () => {
  const t = table();
  const slab = new RowSlab(t, 2);
  slab.fill([Int32Array.of(2)]);
  const ids = Int32Array.of(2, 2);
  assert.equal(viaSlab(undefined, t, ids)[0], t);
  const [read, local] = viaSlab(new Map([[t, slab]]), t, ids);
  assert.equal(read, slab.variable);
  assert.deepEqual([...local], [0, 0]);
  tf.dispose(t);
  slab.dispose();
});
