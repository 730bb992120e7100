import { getKernel, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { nativeAddon } from '../native.ts';
import { overrideWasmKernel } from './override.ts';

/**
 * Wraps the wasm `BatchMatMul`: through OpenBLAS when the native addon is built (transposes
 * folded into the call), else with transposed operands materialised first for the wasm kernel.
 *
 * Why: the wasm kernel is fast for A·B (3.5 ms for [512x1682]·[1682x64] here) but 12-14x
 * slower when asked for Aᵀ·B or A·Bᵀ, which is exactly what backpropagation through a dense
 * layer needs (dW = xᵀ·dy, dx = dy·Wᵀ). A physical `Transpose` costs far less than that gap.
 */
export function createBatchMatMulConfig(): KernelConfig | undefined {
  const transposeKernel = getKernel('Transpose', 'wasm');
  if (!transposeKernel) return undefined;
  const transposeFn = transposeKernel.kernelFunc as KernelFunc;
  const transposeLast2 = (t: TensorInfo, backend: BackendWasm): TensorInfo => {
    const rank = t.shape.length;
    const perm = [...Array(rank).keys()];
    [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
    return transposeFn({ inputs: { x: t }, backend, attrs: { perm } }) as TensorInfo;
  };
  return overrideWasmKernel('BatchMatMul', ({ inputs, attrs, backend, fallback }) => {
    const { a, b } = inputs as unknown as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
    const blas = nativeAddon();
    if (
      blas &&
      a.dtype === 'float32' &&
      b.dtype === 'float32' &&
      a.shape.length >= 2 &&
      b.shape.length >= 2
    ) {
      const [ra, ca] = a.shape.slice(-2);
      const [rb, cb] = b.shape.slice(-2);
      const leadA = a.shape.slice(0, -2);
      const leadB = b.shape.slice(0, -2);
      const ba = leadA.reduce((x, y) => x * y, 1);
      const bb = leadB.reduce((x, y) => x * y, 1);
      const [m, k] = transposeA ? [ca, ra] : [ra, ca];
      const [kb, n] = transposeB ? [cb, rb] : [rb, cb];
      // Same batch dimensions, or one side a single matrix; other broadcasts take the wasm path.
      const sameLead = leadA.length === leadB.length && leadA.every((d, i) => d === leadB[i]);
      if (k === kb && (sameLead || ba === 1 || bb === 1)) {
        const lead = ba >= bb ? leadA : leadB;
        // Allocate first: a heap that grows would detach views taken before.
        const out = backend.makeOutput([...lead, m, n], 'float32');
        blas.sgemm(
          backend.typedArrayFromHeap(a) as Float32Array,
          backend.typedArrayFromHeap(b) as Float32Array,
          backend.typedArrayFromHeap(out) as Float32Array,
          Math.max(ba, bb),
          ba === 1 ? 0 : m * k,
          bb === 1 ? 0 : k * n,
          m,
          n,
          k,
          transposeA,
          transposeB,
        );
        return out;
      }
    }
    if (!transposeA && !transposeB) return fallback();
    const ta = transposeA ? transposeLast2(a, backend) : a;
    const tb = transposeB ? transposeLast2(b, backend) : b;
    try {
      return fallback({ a: ta, b: tb }, { ...attrs, transposeA: false, transposeB: false }) as TensorInfo;
    } finally {
      // Freed whether the stock kernel answers or throws (int32 inputs do on wasm).
      if (ta !== a) backend.disposeData(ta.dataId);
      if (tb !== b) backend.disposeData(tb.dataId);
    }
  });
}
