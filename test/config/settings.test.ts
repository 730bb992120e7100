import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  envSetting,
  resolveConfig,
  resolveConfigWithSources,
  SETTINGS,
  settingFlags,
} from '../../src/config/settings.ts';

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
    if (s.flag !== null) assert.ok(readme.includes(`\`--${s.flag}\``), `--${s.flag} missing from README`);
  }
});

test('a configuration file (YAML or JSON) sits between defaults and the environment', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'reco-config-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const yaml = join(dir, 'reco.yaml');
  writeFileSync(yaml, 'port: 4100\ncandidates: 150\nRECO_LOG_LEVEL: warn\nredisUrl: redis://cache:6379\n');
  const { config, sources } = resolveConfigWithSources({ config: yaml }, { RECO_CANDIDATES: '250' });
  assert.equal(config.port, 4100);
  assert.equal(sources.port, 'file');
  assert.equal(config.logLevel, 'warn', 'variable names work as keys too');
  assert.equal(config.candidates, 250, 'the environment wins over the file');
  assert.equal(sources.candidates, 'env');
  assert.equal(config.redisUrl, 'redis://cache:6379');
  assert.equal(resolveConfig({ config: yaml, port: '4200' }, {}).port, 4200, 'flags win over the file');
  const json = join(dir, 'reco.json');
  writeFileSync(json, JSON.stringify({ port: 4300 }));
  assert.equal(resolveConfig({}, { RECO_CONFIG_FILE: json }).port, 4300);
});

test('a bad configuration file stops startup with the file and key named', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'reco-config-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  assert.throws(
    () => resolveConfig({ config: file('a.yaml', 'prot: 1\n') }),
    /a\.yaml: unknown setting "prot"/,
  );
  assert.throws(
    () => resolveConfig({ config: file('b.yaml', 'port: high\n') }),
    /b\.yaml: port: expected an integer/,
  );
  assert.throws(() => resolveConfig({ config: file('c.yaml', '- 1\n') }), /expected a mapping/);
  assert.throws(
    () => resolveConfig({ config: join(dir, 'missing.yaml') }),
    /cannot read the configuration file/,
  );
});

test('an environment-only setting: read and parsed where it is used, never a flag or a file key', (t) => {
  assert.equal(envSetting('fused', {}), true, 'unset: the default');
  assert.equal(envSetting('fused', { RECO_FUSED: '0' }), false);
  assert.equal(envSetting('blasThreads', { OPENBLAS_NUM_THREADS: '4' }), 4);
  assert.equal(envSetting('workerIndex', {}), -1);
  assert.throws(() => envSetting('native', { RECO_NATIVE: 'maybe' }), /RECO_NATIVE: expected true or false/);
  assert.equal(
    resolveConfig({}, { RECO_FAST_KERNELS: 'none' }).fastKernels,
    'none',
    '`reco config` lists it',
  );
  assert.ok(!('fused' in settingFlags(['fused', 'port'])) && 'port' in settingFlags(['fused', 'port']));
  const dir = mkdtempSync(join(tmpdir(), 'reco-config-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'reco.yaml');
  writeFileSync(file, 'RECO_FUSED: 0\n');
  assert.throws(() => resolveConfig({ config: file }), /reco\.yaml: RECO_FUSED: set by the environment only/);
});
