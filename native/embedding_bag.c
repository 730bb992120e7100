/*
 * Weighted bags of embedding rows, several bags over the same ids at once
 * (src/runtime/ops/embedding-bag.ts), the fused gather + weighted sum that PyTorch calls
 * EmbeddingBag:
 *   forward:  out[r, k·d + c] = Σ_s w[k, r, s] · table[ids[r, s], c]
 *   backward: dTable[ids[r, s], c] = Σ over (r, s) with that id of Σ_k w[k, r, s] · dOut[r, k·d + c]
 * ids [rows, slots], w [bags, rows, slots], out and dOut [rows, bags·d]. Zero weights are skipped.
 */
#include <string.h>

#include "kernels.h"

typedef struct {
  float *table; /* forward: the table read; backward: the gradient written */
  const int32_t *ids;
  const float *w;
  float *bags_out; /* forward: written; backward: the output gradient read */
  int64_t rows, slots, bags, dim;
  size_t tableLen; /* floats in `table`: its rows are tableLen / dim */
} Bag;

/* Arguments (table, ids, w, bagsOut, rows, slots, bags, dim) in that order for both directions. */
static bool read_bag(Args *a, Bag *b) {
  size_t lt, li, lw, lo;
  b->table = arg_f32(a, 0, &lt);
  b->ids = arg_i32(a, 1, &li);
  b->w = arg_f32(a, 2, &lw);
  b->bags_out = arg_f32(a, 3, &lo);
  b->rows = arg_int(a, 4);
  b->slots = arg_int(a, 5);
  b->bags = arg_int(a, 6);
  b->dim = arg_int(a, 7);
  if (a->failed) return false;
  const int64_t r = b->rows, s = b->slots, k = b->bags, d = b->dim;
  if (r < 0 || s < 0 || k < 0 || d < 1 || lt % d != 0 || (uint64_t)(r * s) > li ||
      (uint64_t)(k * r * s) > lw || (uint64_t)(r * k * d) > lo) {
    args_fail(a, "shapes do not fit the arrays");
    return false;
  }
  b->tableLen = lt;
  const int64_t tableRows = (int64_t)(lt / d);
  for (int64_t i = 0; i < r * s; i++)
    if (b->ids[i] < 0 || b->ids[i] >= tableRows) {
      args_fail(a, "id out of the table's range");
      return false;
    }
  return true;
}

/* dst[c] += w · src[c] over one row: the inner loop of both directions. */
RECO_VECTOR static void axpy(float *restrict dst, const float *restrict src, float w, int64_t d) {
  for (int64_t c = 0; c < d; c++) dst[c] += w * src[c];
}

/* embeddingBagForward(table, ids, w, out, rows, slots, bags, dim) */
napi_value EmbeddingBagForward(napi_env env, napi_callback_info info) {
  Args a;
  Bag b;
  if (!args_read(&a, env, info, "embeddingBagForward", 8) || !read_bag(&a, &b)) return NULL;
  const int64_t d = b.dim, width = b.bags * d;
  memset(b.bags_out, 0, sizeof(float) * (size_t)(b.rows * width));
  for (int64_t r = 0; r < b.rows; r++)
    for (int64_t s = 0; s < b.slots; s++) {
      const float *restrict src = b.table + (int64_t)b.ids[r * b.slots + s] * d;
      for (int64_t k = 0; k < b.bags; k++) {
        const float wk = b.w[(k * b.rows + r) * b.slots + s];
        if (wk == 0.0f) continue;
        axpy(b.bags_out + r * width + k * d, src, wk, d);
      }
    }
  return NULL;
}

/* embeddingBagBackward(dTable, ids, w, dOut, rows, slots, bags, dim): dTable (the table's shape)
 * is overwritten with the gradient. */
napi_value EmbeddingBagBackward(napi_env env, napi_callback_info info) {
  Args a;
  Bag b;
  if (!args_read(&a, env, info, "embeddingBagBackward", 8) || !read_bag(&a, &b)) return NULL;
  const int64_t d = b.dim, width = b.bags * d;
  memset(b.table, 0, sizeof(float) * b.tableLen);
  for (int64_t r = 0; r < b.rows; r++)
    for (int64_t s = 0; s < b.slots; s++) {
      float *restrict dst = b.table + (int64_t)b.ids[r * b.slots + s] * d;
      for (int64_t k = 0; k < b.bags; k++) {
        const float wk = b.w[(k * b.rows + r) * b.slots + s];
        if (wk == 0.0f) continue;
        axpy(dst, b.bags_out + r * width + k * d, wk, d);
      }
    }
  return NULL;
}
