import { createRequire } from 'node:module';
import { envSetting } from '../config/env.ts';

/**
 * The optional native addon (native/, built at `npm install` when the system has OpenBLAS).
 * Why: on the wasm backend a training step of the reference model was ~14 ms of matrix products
 * (wasm multiplies at ~12 GMAC/s on one thread) plus ~10 ms of element-wise passes that each
 * cost a kernel launch and an allocation; the addon runs the products through OpenBLAS and the
 * hot element-wise work fused and vectorised, on the wasm heap in place (no copies).
 */
export interface NativeAddon extends HostKernels {
  /**
   * For i < batch: c[i] = op(a[i])·op(b[i]), row-major, op = transpose when asked; strideA and
   * strideB are element offsets between consecutive matrices (0 repeats one).
   */
  sgemm(
    a: Float32Array,
    b: Float32Array,
    c: Float32Array,
    batch: number,
    strideA: number,
    strideB: number,
    m: number,
    n: number,
    k: number,
    transA: boolean,
    transB: boolean,
  ): void;
  setThreads(n: number): void;
}

/**
 * Fused element-wise kernels over host memory; the addon implements them in C, js-kernels.ts in
 * JS with the same results (float32 rounding aside).
 */
export interface HostKernels {
  /** lse[i] = log Σ_j exp(z[i, j]); returns Σ_i (lse[i] − z[i, targets[i]]). z is [b, w]. */
  softmaxXentForward(z: Float32Array, targets: Int32Array, lse: Float32Array, b: number, w: number): number;
  /** out[i, j] = (exp(z[i, j] − lse[i]) − [j = targets[i]]) · scale. */
  softmaxXentBackward(
    z: Float32Array,
    targets: Int32Array,
    lse: Float32Array,
    scale: number,
    out: Float32Array,
    b: number,
    w: number,
  ): void;
  /**
   * One Adam step (tf.train.adam's formula): updates m and v in place, writes the new value to
   * out. c1 = 1 − β1^t, c2 = 1 − β2^t.
   */
  adamUpdate(
    param: Float32Array,
    grad: Float32Array,
    m: Float32Array,
    v: Float32Array,
    out: Float32Array,
    lr: number,
    beta1: number,
    beta2: number,
    eps: number,
    c1: number,
    c2: number,
  ): void;
  /** out[r, k·d + c] = Σ_s w[k, r, s] · table[ids[r, s], c]; ids [rows, slots], w [bags, rows, slots]. */
  embeddingBagForward(
    table: Float32Array,
    ids: Int32Array,
    w: Float32Array,
    out: Float32Array,
    rows: number,
    slots: number,
    bags: number,
    dim: number,
  ): void;
  /** dTable (overwritten, the table's shape) = the scatter of dOut [rows, bags·d] back to the rows read. */
  embeddingBagBackward(
    dTable: Float32Array,
    ids: Int32Array,
    w: Float32Array,
    dOut: Float32Array,
    rows: number,
    slots: number,
    bags: number,
    dim: number,
  ): void;
}

let loaded: NativeAddon | null | undefined;

/** The addon when it was built and loads (RECO_NATIVE=0 turns it off), else undefined. */
export function nativeAddon(): NativeAddon | undefined {
  if (loaded === undefined) {
    // Read before the addon loads and before anything is cached: a bad value is a ConfigError
    // at every call until it is fixed, not an addon "not built" from the second call on.
    const threads = envSetting('native') ? blasThreads() : 1;
    loaded = null;
    if (envSetting('native')) {
      try {
        loaded = createRequire(import.meta.url)('../../native/build/Release/reco_native.node') as NativeAddon;
        // One core unless OPENBLAS_NUM_THREADS says otherwise. Measured on a whole epoch of the
        // reference training (196 steps, 2 cores, 7 runs each): 2 threads took 3.18 s against 3.06 s
        // for 1 (and 1.5x the CPU time): the products are too small to share, and OpenBLAS's
        // workers spin between them, taking the core from the main thread's other kernels. A
        // server keeps its other cores for its other workers.
        loaded.setThreads(threads);
      } catch {
        // Not built (no OpenBLAS on this machine): the wasm and JS kernels serve.
      }
    }
  }
  return loaded ?? undefined;
}

/** How many threads OpenBLAS uses: 1 unless OPENBLAS_NUM_THREADS says otherwise. */
export function blasThreads(): number {
  return envSetting('blasThreads');
}
