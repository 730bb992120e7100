import { fusedOps, hostKernels, hostTensor } from '../host.ts';
import { tf } from '../tf.ts';

/**
 * Several weighted bags over the same embedding rows: for each row r and bag k,
 *   out[r, k] = Σ_s weights[k][r, s] · table[ids[r, s]]
 * returned side by side as [rows, bags · d] (the layout the query tower concatenates anyway).
 * The history bags of the candidate tower (plain mean, recency- and time-weighted, the last
 * watch as a one-hot bag) are all such bags over one gather.
 *
 * On the wasm backend this is one fused op (PyTorch's EmbeddingBag): the composed version is a
 * gather, then per bag a broadcast multiply and a sum, and in the backward pass their gradients
 * plus an UnsortedSegmentSum; fused, the forward pass reads each gathered row once and the
 * backward pass scatters straight into the table's gradient. Elsewhere (see fusedOps) the composed
 * ops run.
 *
 * @param ids [rows * slots] row indices into `table`.
 * @param weights one [rows * slots] array per bag.
 */
export function embeddingBags(
  table: tf.Tensor2D,
  ids: Int32Array,
  weights: readonly Float32Array[],
  rows: number,
  slots: number,
): tf.Tensor2D {
  const [tableRows, d] = table.shape;
  const bags = weights.length;
  if (ids.length !== rows * slots)
    throw new RangeError(`embedding bag: ${ids.length} ids for ${rows}x${slots}`);
  for (const w of weights)
    if (w.length !== rows * slots)
      throw new RangeError(`embedding bag: ${w.length} weights for ${rows}x${slots}`);
  // Checked here, for the fused and the composed path alike (a stock gather reads zeros instead).
  if (bags === 0) throw new RangeError('embedding bag: no weight sets');
  for (const id of ids)
    if (!(id >= 0 && id < tableRows))
      throw new RangeError(`embedding bag: id ${id} out of the table's range`);
  if (!fusedOps()) return composedBags(table, ids, weights, rows, slots);
  const w = new Float32Array(bags * rows * slots);
  for (const [k, wk] of weights.entries()) w.set(wk, k * rows * slots);
  const op = tf.customGrad<tf.Tensor2D>((...args) => {
    const t = args[0] as tf.Tensor2D;
    const value = hostTensor<tf.Rank.R2>([rows, bags * d], (out, read) =>
      hostKernels().embeddingBagForward(read(t), ids, w, out, rows, slots, bags, d),
    );
    return {
      value,
      gradFunc: (dy: tf.Tensor2D) =>
        hostTensor<tf.Rank.R2>([tableRows, d], (dTable, read) =>
          hostKernels().embeddingBagBackward(dTable, ids, w, read(dy), rows, slots, bags, d),
        ),
    };
  });
  return op(table);
}

/** The same with stock ops: gather once, then a broadcast multiply and a sum per bag. */
export function composedBags(
  table: tf.Tensor2D,
  ids: Int32Array,
  weights: readonly Float32Array[],
  rows: number,
  slots: number,
): tf.Tensor2D {
  const d = table.shape[1];
  const gathered = tf.reshape(tf.gather(table, tf.tensor1d(ids, 'int32')), [rows, slots, d]);
  const bags = weights.map(
    (w) => tf.sum(tf.mul(gathered, tf.tensor3d(w, [rows, slots, 1])), 1) as tf.Tensor2D,
  );
  return (bags.length === 1 ? bags[0] : tf.concat(bags, 1)) as tf.Tensor2D;
}
