/* The addon's functions, one file each; addon.c exports them. */
#ifndef RECO_KERNELS_H
#define RECO_KERNELS_H

#include "napi_args.h"

/* The hot loops are built twice, for plain x86-64 (SSE2) and for AVX2 + FMA, and the loader
 * picks by CPU (GCC/clang function multi-versioning): one binary for any x86-64 machine, a Docker
 * image built elsewhere included. */
#if defined(__x86_64__) && defined(__linux__) && (defined(__GNUC__) || defined(__clang__))
#define RECO_VECTOR __attribute__((target_clones("arch=haswell", "default")))
#else
#define RECO_VECTOR
#endif

napi_value Sgemm(napi_env env, napi_callback_info info);
napi_value SetThreads(napi_env env, napi_callback_info info);
napi_value SoftmaxXentForward(napi_env env, napi_callback_info info);
napi_value SoftmaxXentBackward(napi_env env, napi_callback_info info);
napi_value AdamUpdate(napi_env env, napi_callback_info info);
napi_value EmbeddingBagForward(napi_env env, napi_callback_info info);
napi_value EmbeddingBagBackward(napi_env env, napi_callback_info info);

#endif
