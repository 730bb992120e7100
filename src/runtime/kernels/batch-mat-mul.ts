import { getKernel, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { overrideWasmKernel } from './override.ts';

/**
 * Wraps the wasm `BatchMatMul` so that transposed operands are materialised first.
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
    if (!transposeA && !transposeB) return fallback();
    const ta = transposeA ? transposeLast2(a, backend) : a;
    const tb = transposeB ? transposeLast2(b, backend) : b;
    const out = fallback({ a: ta, b: tb }, { ...attrs, transposeA: false, transposeB: false }) as TensorInfo;
    if (ta !== a) backend.disposeData(ta.dataId);
    if (tb !== b) backend.disposeData(tb.dataId);
    return out;
  });
}
