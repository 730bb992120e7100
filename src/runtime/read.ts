import { tf } from './tf.ts';

/**
 * Runs `f` in tf.tidy and returns the values of the tensors it builds, freeing them.
 *
 * Why not `tf.tidy(() => t.dataSync())`: tidy walks whatever its function returns looking for
 * tensors, and a typed array is walked index by index — 100 s of a 145 s training run on a
 * 5,000-item catalogue went there. Returning the tensors and reading them outside is free.
 */
export function readTidy(f: () => tf.Tensor): Float32Array;
export function readTidy(f: () => tf.Tensor[]): Float32Array[];
export function readTidy(f: () => tf.Tensor | tf.Tensor[]): Float32Array | Float32Array[] {
  const out = tf.tidy(f);
  try {
    return Array.isArray(out)
      ? out.map((t) => t.dataSync() as Float32Array)
      : (out.dataSync() as Float32Array);
  } finally {
    tf.dispose(out);
  }
}
