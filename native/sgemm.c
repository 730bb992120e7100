/*
 * Single-precision matrix products through the system's OpenBLAS, for the tf.js wasm backend's
 * BatchMatMul kernel (src/runtime/kernels/batch-mat-mul.ts). The operands are views of the wasm
 * heap, so nothing is copied: OpenBLAS reads and writes tf.js's tensors in place, with
 * transposes folded into the call.
 */
#include <cblas.h>

#include "kernels.h"

/* sgemm(a, b, c, batch, strideA, strideB, m, n, k, transA, transB): for each of `batch`
 * products, c[i] = op(a[i]) · op(b[i]), row-major, op = transpose when asked; strideA/strideB are
 * the element offsets between consecutive a[i] / b[i] (0 broadcasts one matrix). */
napi_value Sgemm(napi_env env, napi_callback_info info) {
  Args a;
  if (!args_read(&a, env, info, "sgemm", 11)) return NULL;
  size_t la, lb, lc;
  float *x = arg_f32(&a, 0, &la), *y = arg_f32(&a, 1, &lb), *c = arg_f32(&a, 2, &lc);
  int64_t batch = arg_int(&a, 3), sa = arg_int(&a, 4), sb = arg_int(&a, 5);
  int64_t m = arg_int(&a, 6), n = arg_int(&a, 7), k = arg_int(&a, 8);
  bool ta = arg_bool(&a, 9), tb = arg_bool(&a, 10);
  if (a.failed) return NULL;
  if (batch < 1 || m < 0 || n < 0 || k < 0 || sa < 0 || sb < 0 ||
      (uint64_t)((batch - 1) * sa + m * k) > la || (uint64_t)((batch - 1) * sb + k * n) > lb ||
      (uint64_t)(batch * m * n) > lc) {
    args_fail(&a, "shapes do not fit the arrays");
    return NULL;
  }
  for (int64_t i = 0; i < batch; i++) {
    cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
                (int)m, (int)n, (int)k, 1.0f, x + i * sa, ta ? (int)m : (int)k, y + i * sb,
                tb ? (int)k : (int)n, 0.0f, c + i * m * n, (int)n);
  }
  return NULL;
}

/* setThreads(n): how many cores OpenBLAS may use. */
napi_value SetThreads(napi_env env, napi_callback_info info) {
  Args a;
  if (!args_read(&a, env, info, "setThreads", 1)) return NULL;
  int64_t n = arg_int(&a, 0);
  if (a.failed) return NULL;
  openblas_set_num_threads(n < 1 ? 1 : (int)n);
  return NULL;
}
