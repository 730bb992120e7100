import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CONFIG_USAGE, runConfig } from '../../src/cli/config.ts';
import { SETTINGS } from '../../src/config/settings.ts';
import { capture, clearRecoEnv, failure } from '../helpers/cli-output.ts';
import { tempDir } from '../helpers/temp-dir.ts';

clearRecoEnv();
const root = tempDir('reco-cli-config-');

interface Row {
  setting: string;
  value: unknown;
  source: string;
}

async function config(args: string[] = [], env: Record<string, string> = {}): Promise<Map<string, Row>> {
  Object.assign(process.env, env);
  try {
    const c = await capture(() => runConfig(args));
    if (c.error) throw c.error;
    const rows = JSON.parse(c.stdout) as Row[];
    assert.deepEqual(
      rows.map((r) => r.setting),
      Object.keys(SETTINGS),
      'one row per setting, in the table order',
    );
    return new Map(rows.map((r) => [r.setting, r]));
  } finally {
    for (const k of Object.keys(env)) delete process.env[k];
  }
}

test('reco config without flags: every setting at its default', async () => {
  const rows = await config();
  for (const [key, s] of Object.entries(SETTINGS)) {
    assert.deepEqual(rows.get(key), { setting: key, value: s.default, source: 'default' }, key);
  }
});

test('a flag beats the environment, which beats the default; each row says which', async () => {
  const rows = await config(['--port', '8081', '--log-level', 'warn'], {
    RECO_PORT: '9000',
    RECO_CANDIDATES: '50',
  });
  assert.deepEqual(rows.get('port'), { setting: 'port', value: 8081, source: '--port' });
  assert.deepEqual(rows.get('logLevel'), { setting: 'logLevel', value: 'warn', source: '--log-level' });
  assert.deepEqual(rows.get('candidates'), { setting: 'candidates', value: 50, source: 'RECO_CANDIDATES' });
  assert.equal(rows.get('host')?.source, 'default');
});

test('values from a configuration file name the file', async () => {
  const file = join(root, 'reco.yaml');
  writeFileSync(file, 'port: 4000\nRECO_CANDIDATES: 70\n');
  const rows = await config(['--config', file]);
  assert.deepEqual(rows.get('port'), { setting: 'port', value: 4000, source: `file ${file}` });
  assert.deepEqual(rows.get('candidates'), { setting: 'candidates', value: 70, source: `file ${file}` });
  const viaEnv = await config([], { RECO_CONFIG_FILE: file });
  assert.equal(viaEnv.get('port')?.source, `file ${file}`);
  assert.equal(
    (await config(['--config', file, '--port', '5'])).get('port')?.value,
    5,
    'a flag beats the file',
  );
});

test('secrets are masked when set and shown empty when not', async () => {
  const rows = await config(['--api-keys', 'client-secret-1', '--database-url', 'postgres://u:pw@db/reco'], {
    RECO_ADMIN_KEYS: 'admin-secret',
  });
  assert.deepEqual(rows.get('apiKeys'), { setting: 'apiKeys', value: '***', source: '--api-keys' });
  assert.deepEqual(rows.get('databaseUrl'), {
    setting: 'databaseUrl',
    value: '***',
    source: '--database-url',
  });
  assert.deepEqual(rows.get('adminKeys'), { setting: 'adminKeys', value: '***', source: 'RECO_ADMIN_KEYS' });
  assert.equal(rows.get('redisUrl')?.value, '', 'an unset secret is shown as empty');
  const secrets = Object.entries(SETTINGS).filter(([, s]) => (s as { secret?: boolean }).secret);
  assert.ok(secrets.length >= 4);
});

test('settings set by the environment alone appear with their variable as the source', async () => {
  const rows = await config([], { RECO_FUSED: '0' });
  assert.deepEqual(rows.get('fused'), { setting: 'fused', value: false, source: 'RECO_FUSED' });
});

test('a bad value is a ConfigError naming where it came from; an unknown flag a parse error', async () => {
  const flag = failure(await capture(() => runConfig(['--port', '70000'])));
  assert.equal(flag.code, 'CONFIG_INVALID');
  assert.match(flag.message, /^--port: expected an integer in \[0, 65535\], got "70000"$/);
  process.env.RECO_PORT = 'eighty';
  try {
    const env = failure(await capture(() => runConfig([])));
    assert.equal(env.code, 'CONFIG_INVALID');
    assert.match(env.message, /^RECO_PORT: /);
  } finally {
    delete process.env.RECO_PORT;
  }
  const unknown = failure(await capture(() => runConfig(['--fused'])));
  assert.equal(unknown.code, 'ERR_PARSE_ARGS_UNKNOWN_OPTION', 'an environment-only setting has no flag');
});

test('the usage names the command', () => {
  assert.match(CONFIG_USAGE, /^reco config\b/);
});
