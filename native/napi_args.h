/*
 * Argument reading for the addon's functions. Every function checks its arguments (types,
 * lengths, index ranges) before touching memory: a caller's mistake throws a JS error, it never
 * reads or writes outside an array.
 */
#ifndef RECO_NAPI_ARGS_H
#define RECO_NAPI_ARGS_H

#include <node_api.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
  napi_env env;
  napi_value argv[16];
  size_t argc;
  const char *name;
  bool failed; /* an error is pending: stop and return NULL */
} Args;

/* Reads the call's arguments; fails unless there are exactly `expected`. */
bool args_read(Args *a, napi_env env, napi_callback_info info, const char *name, size_t expected);
/* Throws a RangeError naming the function, once. */
void args_fail(Args *a, const char *message);
float *arg_f32(Args *a, size_t i, size_t *len);
int32_t *arg_i32(Args *a, size_t i, size_t *len);
int64_t arg_int(Args *a, size_t i);
double arg_num(Args *a, size_t i);
bool arg_bool(Args *a, size_t i);
napi_value num_value(napi_env env, double x);

#endif
