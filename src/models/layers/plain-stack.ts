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
 * The stack's weights read once, for {@link forwardRow}. A copy: later assignments to the
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
 * applyStack for one row, without tf.js: ReLU after each layer but the last. For one row,
 * tf.js spends more on dispatch and tensor bookkeeping (three kernels and three tensors per
 * layer) than on the products, so each is one OpenBLAS call on plain arrays where the native
 * addon is built, else plain loops (slower than the wasm kernel at a few hundred columns: the
 * caller decides whether to take this path without the addon).
 */
export function forwardRow(layers: readonly PlainLayer[], x: Float32Array): Float32Array {
  const blas = nativeAddon();
  let h = x;
  layers.forEach((l, i) => {
    if (h.length !== l.inputs)
      throw new Error(`forwardRow: ${h.length} inputs, layer ${i} takes ${l.inputs}`);
    const n = l.outputs;
    let y: Float32Array;
    if (blas) {
      y = new Float32Array(n);
      blas.sgemm(h, l.w, y, 1, 0, 0, 1, n, l.inputs, false, false);
      for (let j = 0; j < n; j++) y[j] += l.b[j];
    } else y = rowTimes(h, l);
    if (i < layers.length - 1) for (let j = 0; j < n; j++) if (y[j] < 0) y[j] = 0;
    h = y;
  });
  return h;
}

/** x·W + b in loops, skipping zero inputs (one-hot context columns, ReLU zeros). */
function rowTimes(x: Float32Array, l: PlainLayer): Float32Array {
  const y = Float32Array.from(l.b);
  const { w, outputs: n } = l;
  for (let k = 0; k < l.inputs; k++) {
    const a = x[k];
    if (a === 0) continue;
    const r = k * n;
    for (let j = 0; j < n; j++) y[j] += a * w[r + j];
  }
  return y;
}

/** Whether forwardRow calls OpenBLAS (where it beats the tf.js kernels at one row). */
export const forwardRowNative = (): boolean => nativeAddon() !== undefined;
