import { createRequire } from 'node:module';

/**
 * The optional OpenBLAS addon (native/, built at `npm install` when the system has OpenBLAS).
 * Why: the wasm backend multiplies matrices at ~12 GMAC/s on one thread, and a training step of
 * the reference model is ~14 ms of nothing but matrix products there; OpenBLAS runs the same
 * products with AVX2/FMA, on the wasm heap in place (no copies).
 */
export interface NativeBlas {
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

let loaded: NativeBlas | null | undefined;

/** The addon when it was built and loads (RECO_NATIVE=0 turns it off), else undefined. */
export function nativeBlas(): NativeBlas | undefined {
  if (loaded === undefined) {
    loaded = null;
    if (process.env.RECO_NATIVE !== '0') {
      try {
        loaded = createRequire(import.meta.url)('../../../native/build/Release/reco_blas.node') as NativeBlas;
        // One core unless OPENBLAS_NUM_THREADS says otherwise: measured on the reference training
        // step, a second BLAS thread made the step slower (its workers spin between products and
        // take the core from the main thread's other kernels): 24.3 vs 27.2 ms.
        if (!process.env.OPENBLAS_NUM_THREADS) loaded.setThreads(1);
      } catch {
        // Not built (no OpenBLAS on this machine): the wasm kernels serve.
      }
    }
  }
  return loaded ?? undefined;
}
