import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { createBatchMatMulConfig } from '../../../src/runtime/kernels/batch-mat-mul.ts';
import { nativeAddon } from '../../../src/runtime/native.ts';
import { initTf, tf } from '../../../src/runtime/tf.ts';
import { onBackend } from '../../helpers/backend.ts';
import { assertAllClose } from '../../helpers/close.ts';
import { randomVectors } from '../../helpers/random.ts';
import { runChild, srcUrl } from '../../helpers/runtime-child.ts';
import { callKernel, type KernelOutput, readOp } from '../../helpers/runtime-kernel.ts';

// The stock wasm kernels only: the config under test wraps tf.js's own BatchMatMul.
process.env.RECO_FAST_KERNELS = 'none';

/** [a shape, b shape, transposeA, transposeB]: every transpose, batches, broadcast batches. */
type Case = [number[], number[], boolean, boolean];
const CASES: Case[] = [
  [[5, 7], [7, 3], false, false],
  [[7, 5], [7, 3], true, false],
  [[5, 7], [3, 7], false, true],
  [[7, 5], [3, 7], true, true],
  [[3, 4, 6], [3, 6, 2], false, false],
  [[3, 6, 4], [1, 6, 2], true, false],
  [[1, 4, 6], [3, 2, 6], false, true],
  [[2, 1, 4, 6], [1, 3, 6, 2], false, false], // a broadcast the BLAS path leaves to wasm
];
const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
const operands = (i: number, [sa, sb]: Case) => [
  randomVectors(size(sa), 1, 10 + i),
  randomVectors(size(sb), 1, 50 + i),
];

/** Runs every case through the config's kernel; the same code runs in the child process. */
function runCases(config: tf.KernelConfig): KernelOutput[] {
  return CASES.map((c, i) => {
    const [va, vb] = operands(i, c);
    const a = tf.tensor(va, c[0]);
    const b = tf.tensor(vb, c[1]);
    try {
      return callKernel(config, { a, b }, { transposeA: c[2], transposeB: c[3] })[0];
    } finally {
      tf.dispose([a, b]);
    }
  });
}

let config: tf.KernelConfig;
let cpu: KernelOutput[];
before(async () => {
  await initTf('wasm');
  const c = createBatchMatMulConfig();
  assert.ok(c, 'the wasm backend has a BatchMatMul (and a Transpose) to wrap');
  config = c;
  cpu = await onBackend('cpu', () =>
    CASES.map((c, i) => {
      const [va, vb] = operands(i, c);
      return readOp(() => tf.matMul(tf.tensor(va, c[0]), tf.tensor(vb, c[1]), c[2], c[3]))[0];
    }),
  );
});

function assertMatches(got: KernelOutput[], path: string) {
  got.forEach((g, i) => {
    const [sa, sb, ta, tb] = CASES[i];
    const what = `${path}: [${sa}]x[${sb}] transposeA=${ta} transposeB=${tb}`;
    assert.deepEqual(g.shape, cpu[i].shape, what);
    assertAllClose(g.values, cpu[i].values, 1e-5, what);
  });
}

test('the config wraps wasm BatchMatMul', () => {
  assert.equal(config.kernelName, 'BatchMatMul');
  assert.equal(config.backendName, 'wasm');
});

test('every transpose and batch layout matches cpu (through OpenBLAS when the addon is built)', () => {
  if (!nativeAddon()) assert.ok(!process.env.CI, 'the OpenBLAS addon did not load in CI');
  assertMatches(runCases(config), nativeAddon() ? 'OpenBLAS' : 'wasm');
});

test('without the addon, transposed operands are materialised for the wasm kernel: same answers', async () => {
  const got = await runChild<KernelOutput[]>(
    `
import { createBatchMatMulConfig } from '${srcUrl('runtime/kernels/batch-mat-mul.ts')}';
import { nativeAddon } from '${srcUrl('runtime/native.ts')}';
import { initTf, tf } from '${srcUrl('runtime/tf.ts')}';
import { randomVectors } from '${srcUrl('../test/helpers/random.ts')}';
import { callKernel } from '${srcUrl('../test/helpers/runtime-kernel.ts')}';
await initTf('wasm');
if (nativeAddon()) throw new Error('RECO_NATIVE=0 should keep the addon out');
const CASES = ${JSON.stringify(CASES)};
const size = ${size.toString()};
const operands = ${operands.toString()};
const config = createBatchMatMulConfig();
const start = tf.memory();
const out = (${runCases.toString()})(config);
const end = tf.memory();
if (end.numTensors !== start.numTensors || end.numBytes !== start.numBytes) throw new Error('leaked');
console.log(JSON.stringify(out));
`,
    { RECO_NATIVE: '0', RECO_FAST_KERNELS: 'none' },
  );
  assertMatches(got, 'transposed for wasm');
});

test('int32 products are not sent to OpenBLAS: the stock wasm kernel, which refuses them', () => {
  const a = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3], 'int32');
  const b = tf.tensor2d([1, 0, 2, 1, 0, 1], [3, 2], 'int32');
  const bt = tf.tensor2d([1, 2, 0, 0, 1, 1], [2, 3], 'int32');
  assert.throws(() => callKernel(config, { a, b }, { transposeA: false, transposeB: false }), /non-float32/);
  const before = tf.engine().backend.numDataIds();
  assert.throws(
    () => callKernel(config, { a, b: bt }, { transposeA: false, transposeB: true }),
    /non-float32/,
  );
  assert.equal(
    tf.engine().backend.numDataIds(),
    before,
    'the transposed copy is freed when the kernel throws',
  );
  tf.dispose([a, b, bt]);
});

test('nothing is left behind: no temporary transposes, no tensors', () => {
  const a = tf.ones([8, 4]);
  const b = tf.ones([8, 4]);
  const start = tf.memory();
  for (const [ta, tb] of [
    [true, false],
    [false, true],
  ])
    callKernel(config, { a: ta ? a : b, b: tb ? b : a }, { transposeA: ta, transposeB: tb });
  assert.equal(tf.memory().numTensors, start.numTensors);
  assert.equal(tf.memory().numBytes, start.numBytes);
  tf.dispose([a, b]);
});
