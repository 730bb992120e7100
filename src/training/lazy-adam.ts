import type { RowSlab } from '../models/retrieval/row-slab.ts';
import { hostFloats } from '../runtime/host.ts';
import type { HostKernels } from '../runtime/native.ts';
import type { tf } from '../runtime/tf.ts';

/** Adam's hyper-parameters and this step's bias corrections (c1 = 1 − β1^t, c2 = 1 − β2^t). */
export interface AdamStep {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  c1: number;
  c2: number;
}

/**
 * Lazy (sparse) Adam on the rows of `slab.table` that the step read: their moments and values
 * take the slab's gradient through the same fused kernel as dense Adam, every other row and its
 * moments stay as they were (TF-Addons LazyAdam; the bias corrections use the global step).
 * Why: dense Adam passes over every row each step, so a step's cost grew with the catalogue;
 * this costs O(touched rows · d). The table is written in place on the wasm heap (its tensor
 * is the variable's own: see FusedAdam.ownTable), `m` and `v` are the table-sized moments.
 */
export function lazyAdamRows(
  kernels: HostKernels,
  slab: RowSlab,
  grad: tf.Tensor,
  m: Float32Array,
  v: Float32Array,
  h: AdamStep,
): void {
  const rows = slab.rows();
  const dim = slab.table.shape[1] as number;
  const n = rows.length * dim;
  const p = new Float32Array(n);
  const mm = new Float32Array(n);
  const vv = new Float32Array(n);
  const out = new Float32Array(n);
  for (let i = 0; i < rows.length; i++) {
    const at = rows[i] * dim;
    mm.set(m.subarray(at, at + dim), i * dim);
    vv.set(v.subarray(at, at + dim), i * dim);
  }
  // Heap views last, and no tensor allocated while they are held (a growing heap detaches them).
  const table = hostFloats(slab.table);
  const g = hostFloats(grad).subarray(0, n);
  for (let i = 0; i < rows.length; i++) p.set(table.subarray(rows[i] * dim, (rows[i] + 1) * dim), i * dim);
  kernels.adamUpdate(p, g, mm, vv, out, h.lr, h.beta1, h.beta2, h.epsilon, h.c1, h.c2);
  for (let i = 0; i < rows.length; i++) {
    const at = rows[i] * dim;
    table.set(out.subarray(i * dim, (i + 1) * dim), at);
    m.set(mm.subarray(i * dim, (i + 1) * dim), at);
    v.set(vv.subarray(i * dim, (i + 1) * dim), at);
  }
}
