/*
 * expf that compilers vectorise: range reduction x = k·ln2 + r, |r| <= ln2/2, then a degree-6
 * polynomial for e^r (Cephes' expf coefficients, relative error ~1e-7) and 2^k built in the
 * exponent bits. libm's expf is a call per element; this runs 4-8 lanes at a time. Inputs are
 * clamped to the float range, so masked logits (-1e9) give ~1e-38, not NaN.
 */
#ifndef RECO_FAST_EXP_H
#define RECO_FAST_EXP_H

#include <stdint.h>

static inline float fast_expf(float x) {
  /* Written as selects, not fminf/fmaxf: those do not vectorise with plain SSE2. */
  x = x < -87.0f ? -87.0f : x;
  x = x > 88.0f ? 88.0f : x;
  /* k = round(x / ln2) through an int conversion (floor of t + 1/2): vectorisable, and safe under
   * the reassociation the build allows (an add-and-subtract rounding trick would be folded away). */
  const float t = x * 1.44269504088896341f + 0.5f;
  int32_t ki = (int32_t)t;
  ki -= t < (float)ki;
  const float k = (float)ki;
  const float r = x - k * 0.693359375f + k * 2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.0f;
  union {
    int32_t i;
    float f;
  } scale;
  scale.i = (ki + 127) * 8388608; /* 2^k in the exponent bits */
  return p * scale.f;
}

#endif
