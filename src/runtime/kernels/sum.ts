import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import { overrideWasmKernel } from './override.ts';

/**
 * `Sum` over leading axes (a [B, n] -> [n] column sum) read straight from the heap. That is the
 * gradient of every bias add (the batch axis is summed away), and the wasm kernel transposes the
 * matrix first to bring the summed axis last: 0.6 ms for a [512, 256] bias gradient against
 * ~0.1 ms for one pass. Other reductions take the stock kernel.
 */
export function createSumConfig(): KernelConfig | undefined {
  return overrideWasmKernel('Sum', ({ inputs, attrs, backend, fallback }) => {
    const { x } = inputs as unknown as { x: TensorInfo };
    const { axis, keepDims } = attrs as { axis: number | number[]; keepDims: boolean };
    const rank = x.shape.length;
    const axes = (Array.isArray(axis) ? axis : [axis])
      .map((a) => (a < 0 ? a + rank : a))
      .sort((a, b) => a - b);
    const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
    if (x.dtype !== 'float32' || !leading) return fallback();
    const kept = x.shape.slice(axes.length);
    const outer = x.shape.slice(0, axes.length).reduce((a, b) => a * b, 1);
    const inner = kept.reduce((a, b) => a * b, 1);
    const out = backend.makeOutput(keepDims ? [...axes.map(() => 1), ...kept] : kept, 'float32');
    const dst = backend.typedArrayFromHeap(out) as Float32Array;
    const src = backend.typedArrayFromHeap(x) as Float32Array;
    dst.fill(0);
    for (let i = 0; i < outer; i++) {
      const o = i * inner;
      for (let j = 0; j < inner; j++) dst[j] += src[o + j];
    }
    return out;
  });
}
