import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import { splitGeometry } from './concat.ts';
import { overrideWasmKernel } from './override.ts';

/**
 * `SplitV` (the gradient of concat) as contiguous chunk copies. The wasm kernel goes through
 * per-element slices: 6.5 ms per training step for the query tower's [512 x 158] input.
 */
export function createSplitConfig(): KernelConfig | undefined {
  return overrideWasmKernel('SplitV', ({ inputs, attrs, backend: wasm, fallback }) => {
    const { x } = inputs as unknown as { x: TensorInfo };
    const rank = x.shape.length;
    let { axis, numOrSizeSplits } = attrs as { axis: number; numOrSizeSplits: number | number[] };
    if (axis < 0) axis += rank;
    if (rank === 0 || x.dtype === 'string' || x.dtype === 'complex64') return fallback();
    const dim = x.shape[axis];
    let sizes: number[];
    if (typeof numOrSizeSplits === 'number') {
      if (dim % numOrSizeSplits !== 0) return fallback();
      sizes = new Array(numOrSizeSplits).fill(dim / numOrSizeSplits);
    } else {
      const known = numOrSizeSplits.reduce((s, n) => s + (n === -1 ? 0 : n), 0);
      sizes = numOrSizeSplits.map((n) => (n === -1 ? dim - known : n));
    }
    const src = wasm.typedArrayFromHeap(x);
    const { outer, inner: width } = splitGeometry(x.shape, axis);
    let offset = 0;
    return sizes.map((size) => {
      const shape = [...x.shape];
      shape[axis] = size;
      const out = wasm.makeOutput(shape, x.dtype);
      const { inner } = splitGeometry(shape, axis);
      if (inner > 0) {
        const dst = wasm.typedArrayFromHeap(out);
        for (let o = 0; o < outer; o++)
          dst.set(src.subarray(o * width + offset, o * width + offset + inner), o * inner);
      }
      offset += inner;
      return out;
    });
  });
}
