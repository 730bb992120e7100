/*
 * Softmax cross-entropy of logits z [b, w] against one target column per row, in two passes
 * that each touch the matrix once (src/runtime/ops/softmax-cross-entropy.ts):
 *   forward:  lse_i = log Σ_j exp(z_ij); returns Σ_i (lse_i − z_i,t_i)
 *   backward: out_ij = (exp(z_ij − lse_i) − [j = t_i]) · scale
 */
#include <math.h>

#include "fast_exp.h"
#include "kernels.h"

static bool check(Args *a, size_t lz, const int32_t *t, size_t lt, size_t ll, int64_t b, int64_t w) {
  if (a->failed) return false;
  if (b < 0 || w < 1 || (uint64_t)(b * w) > lz || (uint64_t)b > lt || (uint64_t)b > ll) {
    args_fail(a, "shapes do not fit the arrays");
    return false;
  }
  for (int64_t i = 0; i < b; i++)
    if (t[i] < 0 || t[i] >= w) {
      args_fail(a, "target column out of range");
      return false;
    }
  return true;
}

RECO_VECTOR static double forward(const float *z, const int32_t *t, float *lse, int64_t b, int64_t w) {
  double loss = 0;
  for (int64_t i = 0; i < b; i++) {
    const float *restrict row = z + i * w;
    float max = row[0];
    for (int64_t j = 1; j < w; j++) max = row[j] > max ? row[j] : max;
    float sum = 0;
    for (int64_t j = 0; j < w; j++) sum += fast_expf(row[j] - max);
    lse[i] = max + logf(sum);
    loss += (double)lse[i] - row[t[i]];
  }
  return loss;
}

RECO_VECTOR static void backward(const float *z, const int32_t *t, const float *lse, float scale, float *out,
                                 int64_t b, int64_t w) {
  for (int64_t i = 0; i < b; i++) {
    const float *restrict row = z + i * w;
    float *restrict g = out + i * w;
    const float l = lse[i];
    for (int64_t j = 0; j < w; j++) g[j] = fast_expf(row[j] - l) * scale;
    g[t[i]] -= scale;
  }
}

/* softmaxXentForward(z, targets, lse, b, w) -> summed loss */
napi_value SoftmaxXentForward(napi_env env, napi_callback_info info) {
  Args a;
  if (!args_read(&a, env, info, "softmaxXentForward", 5)) return NULL;
  size_t lz, lt, ll;
  const float *z = arg_f32(&a, 0, &lz);
  const int32_t *t = arg_i32(&a, 1, &lt);
  float *lse = arg_f32(&a, 2, &ll);
  int64_t b = arg_int(&a, 3), w = arg_int(&a, 4);
  if (!check(&a, lz, t, lt, ll, b, w)) return NULL;
  return num_value(env, forward(z, t, lse, b, w));
}

/* softmaxXentBackward(z, targets, lse, scale, out, b, w) */
napi_value SoftmaxXentBackward(napi_env env, napi_callback_info info) {
  Args a;
  if (!args_read(&a, env, info, "softmaxXentBackward", 7)) return NULL;
  size_t lz, lt, ll, lo;
  const float *z = arg_f32(&a, 0, &lz);
  const int32_t *t = arg_i32(&a, 1, &lt);
  const float *lse = arg_f32(&a, 2, &ll);
  float scale = (float)arg_num(&a, 3);
  float *out = arg_f32(&a, 4, &lo);
  int64_t b = arg_int(&a, 5), w = arg_int(&a, 6);
  if (!check(&a, lz, t, lt, ll, b, w)) return NULL;
  if ((uint64_t)(b * w) > lo) {
    args_fail(&a, "output too small");
    return NULL;
  }
  backward(z, t, lse, scale, out, b, w);
  return NULL;
}
