import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RUNTIME_SETTINGS as S } from '../../../src/config/groups/runtime.ts';

test('the runtime switches have no flags: the runtime starts before any command parses its own', () => {
  for (const s of Object.values(S)) assert.equal(s.flag, null, s.env);
});

test('fused ops and the native addon are on unless switched off', () => {
  assert.equal(S.fused.default, true);
  assert.equal(S.fused.parse('0', 'RECO_FUSED'), false);
  assert.equal(S.native.parse('off', 'RECO_NATIVE'), false);
});

test('fast kernels: a trimmed list; BLAS threads: at least one', () => {
  assert.equal(S.fastKernels.parse(' none '), 'none');
  assert.equal(S.blasThreads.env, 'OPENBLAS_NUM_THREADS');
  assert.equal(S.blasThreads.default, 1);
  assert.throws(() => S.blasThreads.parse('0', 'OPENBLAS_NUM_THREADS'), /\[1, 1024\]/);
});
