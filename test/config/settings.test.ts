import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { resolveConfig, SETTINGS } from '../../src/config/settings.ts';

test('no environment and no flags gives exactly the defaults', () => {
  const cfg = resolveConfig({}, {});
  for (const [k, s] of Object.entries(SETTINGS)) assert.equal(cfg[k as keyof typeof cfg], s.default, k);
});

test('flags win over environment, environment over defaults', () => {
  const cfg = resolveConfig({ port: '4000' }, { RECO_PORT: '5000', RECO_CANDIDATES: '300' });
  assert.equal(cfg.port, 4000);
  assert.equal(cfg.candidates, 300);
});

test('a bad value names the variable or flag', () => {
  assert.throws(() => resolveConfig({}, { RECO_PORT: 'abc' }), /RECO_PORT: expected an integer/);
  assert.throws(
    () => resolveConfig({ 'min-index-recall': '2' }),
    /--min-index-recall: expected a number in \[0, 1\]/,
  );
  assert.throws(() => resolveConfig({}, { RECO_TF_BACKEND: 'tpu' }), /RECO_TF_BACKEND: expected one of/);
});

test('the README documents every setting', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  for (const s of Object.values(SETTINGS)) {
    assert.ok(readme.includes(`\`${s.env}\``), `${s.env} missing from README`);
    assert.ok(readme.includes(`\`--${s.flag}\``), `--${s.flag} missing from README`);
  }
});
