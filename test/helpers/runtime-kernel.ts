import * as tf from '@tensorflow/tfjs';

export interface KernelOutput {
  shape: number[];
  dtype: string;
  values: number[];
}

/**
 * Calls a kernel config's function directly on the active backend (what tf.js does when the
 * config is registered), and reads and frees what it returns: one output, or several.
 */
export function callKernel(
  config: tf.KernelConfig,
  inputs: tf.NamedTensorInfoMap | tf.TensorInfo[],
  attrs: tf.NamedAttrMap = {},
): KernelOutput[] {
  const got = config.kernelFunc({
    inputs: inputs as tf.NamedTensorInfoMap,
    attrs,
    backend: tf.backend(),
  }) as tf.TensorInfo | tf.TensorInfo[];
  const infos = Array.isArray(got) ? got : [got];
  return infos.map((info) => {
    const t = tf.engine().makeTensorFromTensorInfo(info);
    try {
      return { shape: [...t.shape], dtype: t.dtype, values: [...t.dataSync()] };
    } finally {
      t.dispose();
    }
  });
}

/** The same read for tensors that a stock op returned. */
export function readTensors(ts: tf.Tensor | tf.Tensor[]): KernelOutput[] {
  return (Array.isArray(ts) ? ts : [ts]).map((t) => ({
    shape: [...t.shape],
    dtype: t.dtype,
    values: [...t.dataSync()],
  }));
}

/** Runs stock ops in tf.tidy and reads (then frees) the tensors they return. */
export function readOp(f: () => tf.Tensor | tf.Tensor[]): KernelOutput[] {
  const out = tf.tidy(f);
  try {
    return readTensors(out);
  } finally {
    tf.dispose(out);
  }
}
