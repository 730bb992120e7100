import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { resolveConfig, resolveConfigWithSources, settingFlags } from '../../src/config/resolve.ts';
import { SETTINGS } from '../../src/config/table.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const dir = tempDir('reco-resolve-');
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

test('every source is reported per setting; the file is named', () => {
  const f = file('a.yaml', 'candidates: 120\n');
  const r = resolveConfigWithSources({ config: f, port: '4000' }, { RECO_LOG_LEVEL: 'warn' });
  assert.equal(r.file, f);
  assert.equal(r.sources.port, 'flag');
  assert.equal(r.sources.candidates, 'file');
  assert.equal(r.sources.logLevel, 'env');
  assert.equal(r.sources.modelDir, 'default');
  assert.equal(Object.keys(r.sources).length, Object.keys(SETTINGS).length);
});

test('a boolean flag may be given bare (true) or as a string', () => {
  assert.equal(resolveConfig({ 'insecure-open': true }, {}).insecureOpen, true);
  assert.equal(resolveConfig({ 'insecure-open': 'false' }, { RECO_INSECURE_OPEN: '1' }).insecureOpen, false);
  assert.equal(
    resolveConfig({ 'insecure-open': undefined }, { RECO_INSECURE_OPEN: '1' }).insecureOpen,
    true,
    'an absent flag leaves the env',
  );
});

test('the --config flag wins over RECO_CONFIG_FILE; an empty RECO_CONFIG_FILE means none', () => {
  const a = file('b.yaml', 'port: 1111\n');
  const b = file('c.yaml', 'port: 2222\n');
  assert.equal(resolveConfig({ config: a }, { RECO_CONFIG_FILE: b }).port, 1111);
  assert.equal(resolveConfig({}, { RECO_CONFIG_FILE: '' }).port, SETTINGS.port.default);
});

test('an empty file is no settings; values of any scalar type are taken as text', () => {
  assert.equal(resolveConfig({ config: file('empty.yaml', '') }, {}).port, SETTINGS.port.default);
  const c = resolveConfig(
    { config: file('d.yaml', 'insecureOpen: true\nminIndexRecall: 0.5\nmodelDir: m\n') },
    {},
  );
  assert.equal(c.insecureOpen, true);
  assert.equal(c.minIndexRecall, 0.5);
  assert.equal(c.modelDir, 'm');
});

test('a nested value or null in the file is refused with its key', () => {
  assert.throws(
    () => resolveConfig({ config: file('e.yaml', 'port:\n  a: 1\n') }, {}),
    /e\.yaml: port: expected a number, string or boolean/,
  );
  assert.throws(
    () => resolveConfig({ config: file('f.yaml', 'port: null\n') }, {}),
    /f\.yaml: port: expected/,
  );
  assert.throws(
    () => resolveConfig({ config: file('g.yaml', '"just text"\n') }, {}),
    /g\.yaml: expected a mapping/,
  );
  assert.throws(
    () => resolveConfig({ config: file('h.yaml', 'port: [1\n') }, {}),
    /h\.yaml: cannot read the configuration file/,
  );
});

test('settingFlags: --config always, booleans as switches, values as strings, env-only settings left out', () => {
  assert.deepEqual(settingFlags(['port', 'insecureOpen', 'native']), {
    config: { type: 'string' },
    port: { type: 'string' },
    'insecure-open': { type: 'boolean' },
  });
  assert.deepEqual(settingFlags([]), { config: { type: 'string' } });
});
