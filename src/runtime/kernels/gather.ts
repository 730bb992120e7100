import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import { overrideWasmKernel } from './override.ts';

/**
 * `GatherV2` along axis 0 as whole-row copies. The wasm kernel gathers element by element
 * (11 ms of a 47 ms training step for 5,120 history rows of 64 floats); an embedding lookup is
 * just `rows` contiguous copies. Other axes fall back to the stock kernel.
 */
export function createGatherConfig(): KernelConfig | undefined {
  return overrideWasmKernel('GatherV2', ({ inputs, attrs, backend: wasm, fallback }) => {
    const { x, indices } = inputs as unknown as { x: TensorInfo; indices: TensorInfo };
    const { axis, batchDims } = attrs as { axis: number; batchDims: number };
    if (axis !== 0 || batchDims !== 0 || x.dtype === 'string' || x.shape.length === 0) return fallback();
    const rows = x.shape[0];
    const width = x.shape.slice(1).reduce((a, b) => a * b, 1);
    const ids = wasm.typedArrayFromHeap(indices);
    const out = wasm.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
    const src = wasm.typedArrayFromHeap(x);
    const dst = wasm.typedArrayFromHeap(out);
    for (let i = 0; i < ids.length; i++) {
      const r = ids[i];
      // TensorFlow's CPU kernels fill out-of-range rows with zeros; keep that behaviour.
      if (r < 0 || r >= rows) dst.fill(0, i * width, (i + 1) * width);
      else dst.set(src.subarray(r * width, (r + 1) * width), i * width);
    }
    return out;
  });
}
