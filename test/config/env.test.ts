import assert from 'node:assert/strict';
import { test } from 'node:test';
import { envSetting } from '../../src/config/env.ts';
import { SETTINGS } from '../../src/config/table.ts';

test('unset: the default of every setting', () => {
  for (const k of Object.keys(SETTINGS) as (keyof typeof SETTINGS)[])
    assert.equal(envSetting(k, {}), SETTINGS[k].default, k);
});

test('set: parsed by the table, also for settings that have flags', () => {
  assert.equal(envSetting('port', { RECO_PORT: '8080' }), 8080);
  assert.equal(envSetting('insecureOpen', { RECO_INSECURE_OPEN: 'yes' }), true);
  assert.equal(envSetting('fastKernels', { RECO_FAST_KERNELS: '  Sum,Concat ' }), 'Sum,Concat');
  assert.equal(envSetting('workers', { RECO_WORKERS: 'auto' }), 0);
  assert.throws(
    () => envSetting('port', { RECO_PORT: '70000' }),
    /RECO_PORT: expected an integer in \[0, 65535\]/,
  );
});

test('read at every call: a change of process.env takes effect', () => {
  const saved = process.env.RECO_CANDIDATES;
  try {
    process.env.RECO_CANDIDATES = '123';
    assert.equal(envSetting('candidates'), 123);
    process.env.RECO_CANDIDATES = '321';
    assert.equal(envSetting('candidates'), 321);
  } finally {
    if (saved === undefined) delete process.env.RECO_CANDIDATES;
    else process.env.RECO_CANDIDATES = saved;
  }
});
