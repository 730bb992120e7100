import {
  getKernel,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * Wraps the wasm `BatchMatMul` so that transposed operands are materialised first.
 *
 * Why: the wasm kernel is fast for A·B (3.5 ms for [512x1682]·[1682x64] here) but 12-14x
 * slower when asked for Aᵀ·B or A·Bᵀ, which is exactly what backpropagation through a dense
 * layer needs (dW = xᵀ·dy, dx = dy·Wᵀ). A physical `Transpose` costs far less than that gap.
 */
export function createBatchMatMulConfig(): KernelConfig | undefined {
  const original = getKernel('BatchMatMul', 'wasm');
  const transposeKernel = getKernel('Transpose', 'wasm');
  if (!original || !transposeKernel) return undefined;
  const matmul = original.kernelFunc as KernelFunc;
  const transposeFn = transposeKernel.kernelFunc as KernelFunc;

  const transposeLast2 = (t: TensorInfo, backend: BackendWasm): TensorInfo => {
    const rank = t.shape.length;
    const perm = [...Array(rank).keys()];
    [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
    return transposeFn({ inputs: { x: t }, backend, attrs: { perm } }) as TensorInfo;
  };

  return {
    kernelName: 'BatchMatMul',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
      const { transposeA, transposeB } = attrs as NamedAttrMap as {
        transposeA: boolean;
        transposeB: boolean;
      };
      if (!transposeA && !transposeB) return matmul({ inputs, backend, attrs });
      const wasm = backend as unknown as BackendWasm;
      const ta = transposeA ? transposeLast2(a, wasm) : a;
      const tb = transposeB ? transposeLast2(b, wasm) : b;
      const out = matmul({
        inputs: { a: ta, b: tb },
        backend,
        attrs: { ...attrs, transposeA: false, transposeB: false },
      }) as TensorInfo;
      if (ta !== a) wasm.disposeData(ta.dataId);
      if (tb !== b) wasm.disposeData(tb.dataId);
      return out;
    },
  };
}
