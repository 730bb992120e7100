import * as tf from '@tensorflow/tfjs';

/** Runs `f` on the named backend, then goes back to wasm (the backend reco's kernels are on). */
export async function onBackend<T>(name: string, f: () => T): Promise<T> {
  await tf.setBackend(name);
  try {
    return f();
  } finally {
    await tf.setBackend('wasm');
  }
}
