import { nativeAddon } from '../../runtime/native.ts';
import type { Dense } from './dense.ts';

/** One dense layer's weights as plain arrays: W [inputs, outputs] row-major, b [outputs]. */
export interface PlainLayer {
  w: Float32Array;
  b: Float32Array;
  inputs: number;
  outputs: number;
}

/**
 * The stack's weights read once, for {@link forwardRows}. A copy: later assignments to the
 * variables (training) are not seen, so read it from a model that no longer changes (a served
 * bundle).
 */
export function readStack(layers: readonly Dense[]): PlainLayer[] {
  return layers.map((l) => ({
    w: Float32Array.from(l.w.dataSync() as Float32Array),
    b: Float32Array.from(l.b.dataSync() as Float32Array),
    inputs: l.w.shape[0] as number,
    outputs: l.w.shape[1] as number,
  }));
}

/**
 * applyStack on `rows` rows of plain arrays ([rows * inputs] row-major), without tf.js: ReLU
 * after each layer but the last. At serving sizes (one query row) tf.js spends
 * more on dispatch and tensor bookkeeping (three kernels and three tensors per layer) than on
 * the products, so each is one OpenBLAS call where the native addon is built, else plain loops
 * (slower than the wasm kernel at a few hundred columns: the callers take tf.js then, see
 * {@link forwardRowsNative}).
 */
export function forwardRows(layers: readonly PlainLayer[], x: Float32Array, rows = 1): Float32Array {
  let h = x;
  layers.forEach((l, i) => {
    if (h.length !== rows * l.inputs)
      throw new Error(`forwardRows: ${h.length / rows} inputs, layer ${i} takes ${l.inputs}`);
    h = dense(h, l, rows, i < layers.length - 1);
  });
  return h;
}

/** One layer: x·W + b, ReLU'd when asked. */
function dense(x: Float32Array, l: PlainLayer, rows: number, relu: boolean): Float32Array {
  const n = l.outputs;
  const blas = nativeAddon();
  const y = new Float32Array(rows * n);
  if (blas) blas.sgemm(x, l.w, y, 1, 0, 0, rows, n, l.inputs, false, false);
  else timesInto(x, l.w, y, rows, l.inputs, n);
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    for (let j = 0; j < n; j++) {
      const v = y[o + j] + l.b[j];
      y[o + j] = relu && v < 0 ? 0 : v;
    }
  }
  return y;
}

/** y = x·W in loops, skipping zero inputs (one-hot context columns, ReLU zeros). */
function timesInto(
  x: Float32Array,
  w: Float32Array,
  y: Float32Array,
  rows: number,
  m: number,
  n: number,
): void {
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < m; k++) {
      const a = x[r * m + k];
      if (a === 0) continue;
      const wr = k * n;
      const yr = r * n;
      for (let j = 0; j < n; j++) y[yr + j] += a * w[wr + j];
    }
  }
}

/** Whether forwardRows calls OpenBLAS (where it beats the tf.js kernels at serving sizes). */
export const forwardRowsNative = (): boolean => nativeAddon() !== undefined;
