/*
 * One Adam step over a variable, fused (src/training/adam.ts): the moments are updated in place
 * and the new value is written to `out` (tf.js tensors are immutable: the variable is then
 * assigned the new tensor). Same formula as tf.train.adam:
 *   m = β1·m + (1−β1)·g;  v = β2·v + (1−β2)·g²
 *   out = p − lr · (m / c1) / (sqrt(v / c2) + ε),  c1 = 1 − β1^t, c2 = 1 − β2^t
 */
#include <math.h>

#include "kernels.h"

RECO_VECTOR static void update(const float *p, const float *g, float *restrict m, float *restrict v,
                               float *restrict out, size_t n, float lr, float b1, float b2, float eps,
                               float c1, float c2) {
  const float step = lr / c1, inv2 = 1.0f / c2;
  for (size_t i = 0; i < n; i++) {
    const float gi = g[i];
    const float mi = b1 * m[i] + (1.0f - b1) * gi;
    const float vi = b2 * v[i] + (1.0f - b2) * gi * gi;
    m[i] = mi;
    v[i] = vi;
    out[i] = p[i] - step * mi / (sqrtf(vi * inv2) + eps);
  }
}

/* adamUpdate(param, grad, m, v, out, lr, beta1, beta2, eps, c1, c2) */
napi_value AdamUpdate(napi_env env, napi_callback_info info) {
  Args a;
  if (!args_read(&a, env, info, "adamUpdate", 11)) return NULL;
  size_t lp, lg, lm, lv, lo;
  const float *p = arg_f32(&a, 0, &lp), *g = arg_f32(&a, 1, &lg);
  float *m = arg_f32(&a, 2, &lm), *v = arg_f32(&a, 3, &lv), *out = arg_f32(&a, 4, &lo);
  const float lr = (float)arg_num(&a, 5), b1 = (float)arg_num(&a, 6), b2 = (float)arg_num(&a, 7);
  const float eps = (float)arg_num(&a, 8), c1 = (float)arg_num(&a, 9), c2 = (float)arg_num(&a, 10);
  if (a.failed) return NULL;
  if (lg != lp || lm != lp || lv != lp || lo != lp) {
    args_fail(&a, "param, grad, m, v and out must have the same length");
    return NULL;
  }
  update(p, g, m, v, out, lp, lr, b1, b2, eps, c1, c2);
  return NULL;
}
