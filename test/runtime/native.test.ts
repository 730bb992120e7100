import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { ConfigError } from '../../src/errors.ts';
import { blasThreads, nativeAddon } from '../../src/runtime/native.ts';
import { assertAllClose } from '../helpers/close.ts';
import { randomVectors } from '../helpers/random.ts';
import { runChild, srcUrl } from '../helpers/runtime-child.ts';

const savedThreads = process.env.OPENBLAS_NUM_THREADS;
afterEach(() => {
  if (savedThreads === undefined) delete process.env.OPENBLAS_NUM_THREADS;
  else process.env.OPENBLAS_NUM_THREADS = savedThreads;
});

/** c[i] = op(a[i])·op(b[i]) for row-major matrices, strides between consecutive matrices. */
function reference(
  a: Float32Array,
  b: Float32Array,
  batch: number,
  strideA: number,
  strideB: number,
  m: number,
  n: number,
  k: number,
  transA: boolean,
  transB: boolean,
): number[] {
  const c: number[] = [];
  for (let p = 0; p < batch; p++)
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let q = 0; q < k; q++) {
          const av = a[p * strideA + (transA ? q * m + i : i * k + q)];
          const bv = b[p * strideB + (transB ? j * k + q : q * n + j)];
          s += av * bv;
        }
        c.push(s);
      }
  return c;
}

test('blasThreads: 1 by default, OPENBLAS_NUM_THREADS otherwise', () => {
  delete process.env.OPENBLAS_NUM_THREADS;
  assert.equal(blasThreads(), 1);
  process.env.OPENBLAS_NUM_THREADS = '4';
  assert.equal(blasThreads(), 4);
});

test('blasThreads: a bad OPENBLAS_NUM_THREADS is a ConfigError naming it', () => {
  for (const bad of ['0', 'lots', '5000']) {
    process.env.OPENBLAS_NUM_THREADS = bad;
    assert.throws(
      () => blasThreads(),
      (e: unknown) =>
        e instanceof ConfigError && e.code === 'CONFIG_INVALID' && /OPENBLAS_NUM_THREADS/.test(e.message),
      bad,
    );
  }
});

test('nativeAddon is loaded once: the same object (or none) every call', () => {
  const first = nativeAddon();
  assert.equal(nativeAddon(), first);
  if (!first) assert.ok(!process.env.CI, 'the native addon did not load in CI (native/ build failed?)');
});

test('the addon, when built, has every host kernel and sgemm', (t) => {
  const addon = nativeAddon();
  if (!addon) return t.skip('native/ not built here');
  for (const name of [
    'sgemm',
    'setThreads',
    'softmaxXentForward',
    'softmaxXentBackward',
    'adamUpdate',
    'embeddingBagForward',
    'embeddingBagBackward',
  ] as const)
    assert.equal(typeof addon[name], 'function', name);
});

test('sgemm: every transpose, batches by stride, a zero stride repeats one matrix', (t) => {
  const addon = nativeAddon();
  if (!addon) return t.skip('native/ not built here');
  const [m, n, k] = [3, 4, 5];
  for (const [batch, sameA, sameB, transA, transB] of [
    [1, false, false, false, false],
    [1, false, false, true, false],
    [1, false, false, false, true],
    [1, false, false, true, true],
    [3, false, false, false, false],
    [3, true, false, true, false],
    [2, false, true, false, true],
  ] as [number, boolean, boolean, boolean, boolean][]) {
    const strideA = sameA ? 0 : m * k;
    const strideB = sameB ? 0 : k * n;
    const a = randomVectors(sameA ? 1 : batch, m * k, 3 + batch);
    const b = randomVectors(sameB ? 1 : batch, k * n, 7 + batch);
    const c = new Float32Array(batch * m * n).fill(Number.NaN);
    addon.sgemm(a, b, c, batch, strideA, strideB, m, n, k, transA, transB);
    const what = `batch ${batch} strides ${strideA}/${strideB} transA=${transA} transB=${transB}`;
    assertAllClose(c, reference(a, b, batch, strideA, strideB, m, n, k, transA, transB), 1e-5, what);
  }
});

test('RECO_NATIVE=0 keeps the addon out for the whole process', async () => {
  const got = await runChild<{ off: boolean; later: boolean }>(
    `
import { nativeAddon } from '${srcUrl('runtime/native.ts')}';
const off = nativeAddon() === undefined;
process.env.RECO_NATIVE = '1';
console.log(JSON.stringify({ off, later: nativeAddon() === undefined }));
`,
    { RECO_NATIVE: '0' },
  );
  assert.deepEqual(got, { off: true, later: true });
});

test('a bad OPENBLAS_NUM_THREADS fails the load with a ConfigError, not a silent "not built"', async () => {
  const got = await runChild<{ name: string; code: string; again?: string }>(
    `
import { nativeAddon } from '${srcUrl('runtime/native.ts')}';
try {
  nativeAddon();
  console.log(JSON.stringify({ name: 'none', code: '' }));
} catch (e) {
  // Asked again with the same bad value: the same error, not a cached "not built".
  let again = 'none';
  try { nativeAddon(); } catch (e2) { again = e2.code; }
  console.log(JSON.stringify({ name: e.name, code: e.code, again }));
}
`,
    { OPENBLAS_NUM_THREADS: 'many', RECO_NATIVE: undefined },
  );
  assert.deepEqual(got, { name: 'ConfigError', code: 'CONFIG_INVALID', again: 'CONFIG_INVALID' });
});
