/*
 * reco_blas: single-precision matrix products through the system's OpenBLAS, for the tf.js wasm
 * backend's BatchMatMul kernel (src/runtime/kernels/native-blas.ts). The operands are views of
 * the wasm heap, so nothing is copied: OpenBLAS reads and writes tf.js's tensors in place, with
 * transposes folded into the call and several cores on large products.
 */
#include <cblas.h>
#include <node_api.h>
#include <stdbool.h>
#include <stdint.h>

#define CHECK(call)                                                            \
  do {                                                                         \
    if ((call) != napi_ok) {                                                   \
      napi_throw_error(env, NULL, "reco_blas: bad arguments");                 \
      return NULL;                                                             \
    }                                                                          \
  } while (0)

static float *f32(napi_env env, napi_value v, size_t *len) {
  napi_typedarray_type type;
  void *data;
  if (napi_get_typedarray_info(env, v, &type, len, &data, NULL, NULL) != napi_ok ||
      type != napi_float32_array)
    return NULL;
  return (float *)data;
}

/* sgemm(a, b, c, batch, strideA, strideB, m, n, k, transA, transB): for each of `batch`
 * products, c[i] = op(a[i]) · op(b[i]), row-major, op = transpose when asked; strideA/strideB are
 * the element offsets between consecutive a[i] / b[i] (0 broadcasts one matrix). */
static napi_value Sgemm(napi_env env, napi_callback_info info) {
  size_t argc = 11;
  napi_value argv[11];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 11) {
    napi_throw_error(env, NULL, "reco_blas.sgemm: expected 11 arguments");
    return NULL;
  }
  size_t la, lb, lc;
  float *a = f32(env, argv[0], &la), *b = f32(env, argv[1], &lb), *c = f32(env, argv[2], &lc);
  if (!a || !b || !c) {
    napi_throw_type_error(env, NULL, "reco_blas.sgemm: a, b and c must be Float32Arrays");
    return NULL;
  }
  int64_t batch, sa, sb, m, n, k;
  bool ta, tb;
  CHECK(napi_get_value_int64(env, argv[3], &batch));
  CHECK(napi_get_value_int64(env, argv[4], &sa));
  CHECK(napi_get_value_int64(env, argv[5], &sb));
  CHECK(napi_get_value_int64(env, argv[6], &m));
  CHECK(napi_get_value_int64(env, argv[7], &n));
  CHECK(napi_get_value_int64(env, argv[8], &k));
  CHECK(napi_get_value_bool(env, argv[9], &ta));
  CHECK(napi_get_value_bool(env, argv[10], &tb));
  /* Bounds: a caller error must throw, never read or write outside the arrays. */
  if (batch < 1 || m < 0 || n < 0 || k < 0 || sa < 0 || sb < 0 ||
      (uint64_t)((batch - 1) * sa + m * k) > la || (uint64_t)((batch - 1) * sb + k * n) > lb ||
      (uint64_t)(batch * m * n) > lc) {
    napi_throw_range_error(env, NULL, "reco_blas.sgemm: shapes do not fit the arrays");
    return NULL;
  }
  for (int64_t i = 0; i < batch; i++) {
    cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
                (int)m, (int)n, (int)k, 1.0f, a + i * sa, ta ? (int)m : (int)k, b + i * sb,
                tb ? (int)k : (int)n, 0.0f, c + i * m * n, (int)n);
  }
  return NULL;
}

/* setThreads(n): how many cores OpenBLAS may use. */
static napi_value SetThreads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int32_t n;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  CHECK(napi_get_value_int32(env, argv[0], &n));
  openblas_set_num_threads(n < 1 ? 1 : n);
  return NULL;
}

static napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"sgemm", NULL, Sgemm, NULL, NULL, NULL, napi_default, NULL},
      {"setThreads", NULL, SetThreads, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, 2, props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
