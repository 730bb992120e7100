import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { RowSlab } from '../../src/models/retrieval/row-slab.ts';
import { initTf, tf } from '../../src/runtime/tf.ts';
import { FusedAdam } from '../../src/training/adam.ts';

before(async () => {
  await initTf('wasm');
});

const ROWS = 6;
const DIM = 3;
let n = 0;
const table = (values: number[]) =>
  tf.variable(tf.tensor2d(values, [ROWS, DIM]), true, `lazy-adam-test-${n++}`);
const start = Array.from({ length: ROWS * DIM }, (_, i) => Math.sin(i + 1));
const rowOf = (v: tf.Variable, r: number) => [
  ...(v.dataSync() as Float32Array).slice(r * DIM, (r + 1) * DIM),
];
const close = (a: number[], b: number[], tol = 1e-6) =>
  a.every((x, i) => Math.abs(x - b[i]) <= tol) || assert.fail(`${a} vs ${b}`);

/** Per step: the touched rows and their gradient rows. */
const steps: { rows: number[]; grads: number[][] }[] = [
  {
    rows: [1, 4],
    grads: [
      [0.5, -1, 2],
      [0.1, 0.2, -0.3],
    ],
  },
  {
    rows: [4, 1],
    grads: [
      [-0.4, 0.3, 1],
      [1.5, 0.25, -2],
    ],
  },
  {
    rows: [1, 4],
    grads: [
      [0.05, -0.6, 0.7],
      [-1, -1, 0.5],
    ],
  },
];

test('lazy Adam on a slab equals dense Adam on the touched rows and leaves the other rows as they were', () => {
  const dense = table(start);
  const sparse = table(start);
  const denseOpt = new FusedAdam(0.05);
  const sparseOpt = new FusedAdam(0.05);
  const slab = new RowSlab(sparse, 4);
  sparseOpt.tieSlab(slab);
  for (const { rows, grads } of steps) {
    slab.fill([Int32Array.from(rows)]);
    const full = new Float32Array(ROWS * DIM);
    for (const [i, r] of rows.entries()) full.set(grads[i], r * DIM);
    const g = tf.tensor2d(full, [ROWS, DIM]);
    denseOpt.applyGradients({ [dense.name]: g });
    // The slab's gradient is in slab order, zero past the rows loaded.
    const local = slab.local(Int32Array.from(rows));
    const sg = new Float32Array(4 * DIM);
    for (const i of rows.keys()) sg.set(grads[i], local[i] * DIM);
    const gs = tf.tensor2d(sg, [4, DIM]);
    sparseOpt.applyGradients({ [slab.variable.name]: gs });
    tf.dispose([g, gs]);
  }
  for (const r of [1, 4]) close(rowOf(sparse, r), rowOf(dense, r));
  for (const r of [0, 2, 3, 5]) close(rowOf(sparse, r), start.slice(r * DIM, (r + 1) * DIM));
  tf.dispose([dense, sparse]);
  slab.dispose();
  denseOpt.dispose();
  sparseOpt.dispose();
});

test('a row skipped by a step keeps its moments: dense Adam moves it on momentum, lazy Adam does not', () => {
  const dense = table(start);
  const sparse = table(start);
  const denseOpt = new FusedAdam(0.05);
  const sparseOpt = new FusedAdam(0.05);
  const slab = new RowSlab(sparse, 2);
  sparseOpt.tieSlab(slab);
  for (const rows of [[2], [3]]) {
    slab.fill([Int32Array.from(rows)]);
    const full = new Float32Array(ROWS * DIM);
    full.set([1, 1, 1], rows[0] * DIM);
    const g = tf.tensor2d(full, [ROWS, DIM]);
    const gs = tf.tensor2d([1, 1, 1, 0, 0, 0], [2, DIM]);
    denseOpt.applyGradients({ [dense.name]: g });
    sparseOpt.applyGradients({ [slab.variable.name]: gs });
    tf.dispose([g, gs]);
  }
  // Row 2 took one step in both; dense moved it again on the second step, lazy did not.
  close(
    rowOf(sparse, 2),
    start.slice(2 * DIM, 3 * DIM).map((x) => x - 0.05),
    1e-5,
  );
  assert.ok(rowOf(dense, 2)[0] < rowOf(sparse, 2)[0] - 0.01);
  tf.dispose([dense, sparse]);
  slab.dispose();
  denseOpt.dispose();
  sparseOpt.dispose();
});

test('a table assigned shared data is copied before it is written in place: the other holder keeps its values', () => {
  const t = table(start);
  const snapshot = tf.clone(t);
  const opt = new FusedAdam(0.1);
  const slab = new RowSlab(t, 1);
  opt.tieSlab(slab);
  slab.fill([Int32Array.of(0)]);
  const g = tf.tensor2d([1, 1, 1], [1, DIM]);
  opt.applyGradients({ [slab.variable.name]: g });
  close([...(snapshot.dataSync() as Float32Array)], start);
  assert.notDeepEqual(rowOf(t, 0), start.slice(0, DIM));
  tf.dispose([t, snapshot, g]);
  slab.dispose();
  opt.dispose();
});
