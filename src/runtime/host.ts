import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { envSetting } from '../config/env.ts';
import { jsKernels } from './js-kernels.ts';
import { type HostKernels, nativeAddon } from './native.ts';
import { tf } from './tf.ts';

/**
 * Host-side access to tensor data for the fused ops: on the wasm backend a tensor's data lives
 * in the wasm heap, so kernels read and write it in place; elsewhere it is copied.
 */

/**
 * Whether the fused training ops (embeddingBags, softmaxCrossEntropy, FusedAdam) run: on the
 * wasm backend, unless RECO_FUSED=0 asks for the stock composed ops (to measure what fusing is
 * worth, bench:train). Other backends compose stock ops: their kernels are native already.
 */
export function fusedOps(): boolean {
  return tf.getBackend() === 'wasm' && envSetting('fused');
}

/** The native addon's fused kernels when built and not turned off (RECO_NATIVE=0), else the JS ones. */
export function hostKernels(): HostKernels {
  return (envSetting('native') && nativeAddon()) || jsKernels;
}

function wasmBackend(): BackendWasm | undefined {
  return tf.getBackend() === 'wasm' ? (tf.backend() as unknown as BackendWasm) : undefined;
}

/**
 * Reads float32 tensors. On wasm the arrays are views of the heap, valid only until the next
 * tensor allocation (a growing heap detaches them): take them last, use them at once.
 */
export function hostFloats(t: tf.Tensor): Float32Array {
  if (t.dtype !== 'float32') throw new TypeError(`host read: expected float32, got ${t.dtype}`);
  const backend = wasmBackend();
  return backend ? (backend.typedArrayFromHeap(t) as Float32Array) : (t.dataSync() as Float32Array);
}

/**
 * A new float32 tensor of `shape` whose values `fill` writes. Inputs are read inside `fill`
 * through `read` (after the allocation, so wasm views stay valid).
 */
export function hostTensor<R extends tf.Rank>(
  shape: number[],
  fill: (out: Float32Array, read: (t: tf.Tensor) => Float32Array) => void,
): tf.Tensor<R> {
  const backend = wasmBackend();
  if (!backend) {
    const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
    fill(out, hostFloats);
    return tf.tensor(out, shape, 'float32') as unknown as tf.Tensor<R>;
  }
  const info = backend.makeOutput(shape, 'float32');
  try {
    fill(backend.typedArrayFromHeap(info) as Float32Array, hostFloats);
  } catch (e) {
    backend.disposeData(info.dataId);
    throw e;
  }
  return tf.engine().makeTensorFromTensorInfo(info) as tf.Tensor<R>;
}
