import type { HostKernels } from './native.ts';

/**
 * The fused host kernels in plain JS, for machines without the native addon: same contracts as
 * native/*.c (see HostKernels), checked against them and against tf.js's composed ops in
 * test/runtime/fused-ops.test.ts.
 */
export const jsKernels: HostKernels = {
  softmaxXentForward(z, targets, lse, b, w) {
    let loss = 0;
    for (let i = 0; i < b; i++) {
      const o = i * w;
      let max = Number.NEGATIVE_INFINITY;
      for (let j = 0; j < w; j++) if (z[o + j] > max) max = z[o + j];
      let sum = 0;
      for (let j = 0; j < w; j++) sum += Math.exp(z[o + j] - max);
      lse[i] = max + Math.log(sum);
      loss += lse[i] - z[o + checkTarget(targets[i], w)];
    }
    return loss;
  },

  softmaxXentBackward(z, targets, lse, scale, out, b, w) {
    for (let i = 0; i < b; i++) {
      const o = i * w;
      const l = lse[i];
      for (let j = 0; j < w; j++) out[o + j] = Math.exp(z[o + j] - l) * scale;
      out[o + checkTarget(targets[i], w)] -= scale;
    }
  },

  adamUpdate(param, grad, m, v, out, lr, beta1, beta2, eps, c1, c2) {
    const step = lr / c1;
    const inv2 = 1 / c2;
    for (let i = 0; i < param.length; i++) {
      const g = grad[i];
      const mi = beta1 * m[i] + (1 - beta1) * g;
      const vi = beta2 * v[i] + (1 - beta2) * g * g;
      m[i] = mi;
      v[i] = vi;
      out[i] = param[i] - (step * mi) / (Math.sqrt(vi * inv2) + eps);
    }
  },

  embeddingBagForward(table, ids, w, out, rows, slots, bags, dim) {
    out.fill(0, 0, rows * bags * dim);
    bagRows(table, out, ids, w, rows, slots, bags, dim, false);
  },

  embeddingBagBackward(dTable, ids, w, dOut, rows, slots, bags, dim) {
    dTable.fill(0);
    bagRows(dTable, dOut, ids, w, rows, slots, bags, dim, true);
  },
};

/**
 * Both directions of the embedding bag, one loop: for every (row, slot, bag) with a weight,
 * bag row += w · table row (gather), or table row += w · bag row (scatter, the gradient).
 */
function bagRows(
  table: Float32Array,
  bagsOut: Float32Array,
  ids: Int32Array,
  w: Float32Array,
  rows: number,
  slots: number,
  bags: number,
  dim: number,
  scatter: boolean,
): void {
  const width = bags * dim;
  const tableRows = table.length / dim;
  const [dst, src] = scatter ? [table, bagsOut] : [bagsOut, table];
  for (let r = 0; r < rows; r++)
    for (let s = 0; s < slots; s++) {
      const t = checkId(ids[r * slots + s], tableRows) * dim;
      for (let k = 0; k < bags; k++) {
        const wk = w[(k * rows + r) * slots + s];
        if (wk === 0) continue;
        const b = r * width + k * dim;
        const [d, o] = scatter ? [t, b] : [b, t];
        for (let c = 0; c < dim; c++) dst[d + c] += wk * src[o + c];
      }
    }
}

function checkTarget(t: number, w: number): number {
  if (!(t >= 0 && t < w)) throw new RangeError(`softmax cross-entropy: target column ${t} out of range`);
  return t;
}

function checkId(id: number, rows: number): number {
  if (!(id >= 0 && id < rows)) throw new RangeError(`embedding bag: id ${id} out of the table's range`);
  return id;
}
