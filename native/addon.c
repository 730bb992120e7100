/*
 * reco_native: the optional native half of reco's training and serving kernels for the tf.js
 * wasm backend (src/runtime/native.ts loads it; without it the same kernels run in JS). Every
 * function works on typed-array views (of the wasm heap, mostly), never copying.
 */
#include "kernels.h"

#define FN(js, c) {js, NULL, c, NULL, NULL, NULL, napi_default, NULL}

static napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      FN("sgemm", Sgemm),
      FN("setThreads", SetThreads),
      FN("softmaxXentForward", SoftmaxXentForward),
      FN("softmaxXentBackward", SoftmaxXentBackward),
      FN("adamUpdate", AdamUpdate),
      FN("embeddingBagForward", EmbeddingBagForward),
      FN("embeddingBagBackward", EmbeddingBagBackward),
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
