import type { KernelConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * `UnsortedSegmentSum` for the wasm backend, which does not ship one. It is the gradient of
 * `gather`, so without it no embedding table can be trained on wasm.
 *
 * out[segmentIds[i], :] += x[i, :]   for every row i; rows with an id outside [0, numSegments)
 * are dropped, as in TensorFlow.
 */
export const unsortedSegmentSumConfig: KernelConfig = {
  kernelName: 'UnsortedSegmentSum',
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
    const { numSegments } = attrs as NamedAttrMap as { numSegments: number };
    const wasm = backend as unknown as BackendWasm;
    const rows = x.shape[0] ?? 1;
    const width = x.shape.slice(1).reduce((a, b) => a * b, 1);
    const out: TensorInfo = wasm.makeOutput([numSegments, ...x.shape.slice(1)], x.dtype);
    const dst = wasm.typedArrayFromHeap(out);
    dst.fill(0);
    const src = wasm.typedArrayFromHeap(x);
    const ids = wasm.typedArrayFromHeap(segmentIds);
    for (let r = 0; r < rows; r++) {
      const s = ids[r];
      if (s < 0 || s >= numSegments) continue;
      const so = r * width;
      const dO = s * width;
      for (let c = 0; c < width; c++) dst[dO + c] += src[so + c];
    }
    return out;
  },
};
