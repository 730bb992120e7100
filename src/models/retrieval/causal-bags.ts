import { tf } from '../../runtime/tf.ts';

/**
 * The history bags of every position of a batch of sequence windows in one pass
 * (features/sequence.ts): each window's slot embeddings are gathered once, [windows, span, d],
 * and one batched product with the causal bands, [windows, bags · width, span], gives
 *   out[w · width + c, k · d : (k + 1) · d] = Σ_s band_k[w, c, s] · table[ids[w, s]]
 * side by side per bag as embeddingBags lays them out. Gradients reach the table through the
 * gather (the bands are constants). Call inside tf.tidy.
 *
 * @param ids [windows * span] row indices into `table`.
 * @param bands one [windows * width * span] array per bag.
 * @returns [windows * width, bags * d].
 */
export function causalBags(
  table: tf.Tensor2D,
  ids: Int32Array,
  bands: readonly Float32Array[],
  windows: number,
  width: number,
  span: number,
): tf.Tensor2D {
  const d = table.shape[1];
  const k = bands.length;
  if (ids.length !== windows * span)
    throw new RangeError(`causal bags: ${ids.length} ids for ${windows}x${span}`);
  const cell = width * span;
  const w = new Float32Array(windows * k * cell);
  for (const [b, band] of bands.entries()) {
    if (band.length !== windows * cell)
      throw new RangeError(`causal bags: ${band.length} weights for ${windows}x${width}x${span}`);
    for (let i = 0; i < windows; i++) w.set(band.subarray(i * cell, (i + 1) * cell), (i * k + b) * cell);
  }
  const gathered = tf.reshape(tf.gather(table, tf.tensor1d(ids, 'int32')), [windows, span, d]);
  const out = tf.matMul(tf.tensor3d(w, [windows, k * width, span]), gathered as tf.Tensor3D);
  if (k === 1) return tf.reshape(out, [windows * width, d]);
  return tf.reshape(tf.transpose(tf.reshape(out, [windows, k, width, d]), [0, 2, 1, 3]), [
    windows * width,
    k * d,
  ]);
}
