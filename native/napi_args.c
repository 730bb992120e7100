#include "napi_args.h"

#include <stdio.h>

void args_fail(Args *a, const char *message) {
  if (a->failed) return;
  a->failed = true;
  char text[256];
  snprintf(text, sizeof text, "reco native %s: %s", a->name, message);
  napi_throw_range_error(a->env, NULL, text);
}

bool args_read(Args *a, napi_env env, napi_callback_info info, const char *name, size_t expected) {
  a->env = env;
  a->name = name;
  a->failed = false;
  a->argc = 16;
  if (napi_get_cb_info(env, info, &a->argc, a->argv, NULL, NULL) != napi_ok || a->argc != expected) {
    args_fail(a, "wrong number of arguments");
    return false;
  }
  return true;
}

static void *typed(Args *a, size_t i, napi_typedarray_type want, size_t *len, const char *msg) {
  if (a->failed) return NULL;
  napi_typedarray_type type;
  void *data;
  if (napi_get_typedarray_info(a->env, a->argv[i], &type, len, &data, NULL, NULL) != napi_ok ||
      type != want) {
    args_fail(a, msg);
    return NULL;
  }
  return data;
}

float *arg_f32(Args *a, size_t i, size_t *len) {
  return typed(a, i, napi_float32_array, len, "expected a Float32Array");
}

int32_t *arg_i32(Args *a, size_t i, size_t *len) {
  return typed(a, i, napi_int32_array, len, "expected an Int32Array");
}

int64_t arg_int(Args *a, size_t i) {
  int64_t x = 0;
  if (!a->failed && napi_get_value_int64(a->env, a->argv[i], &x) != napi_ok) args_fail(a, "expected an integer");
  return x;
}

double arg_num(Args *a, size_t i) {
  double x = 0;
  if (!a->failed && napi_get_value_double(a->env, a->argv[i], &x) != napi_ok) args_fail(a, "expected a number");
  return x;
}

bool arg_bool(Args *a, size_t i) {
  bool x = false;
  if (!a->failed && napi_get_value_bool(a->env, a->argv[i], &x) != napi_ok) args_fail(a, "expected a boolean");
  return x;
}

napi_value num_value(napi_env env, double x) {
  napi_value v;
  napi_create_double(env, x, &v);
  return v;
}
