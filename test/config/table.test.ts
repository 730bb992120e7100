import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACCESS_SETTINGS } from '../../src/config/groups/access.ts';
import { LIMIT_SETTINGS } from '../../src/config/groups/limits.ts';
import { LIST_SETTINGS } from '../../src/config/groups/lists.ts';
import { RETENTION_SETTINGS } from '../../src/config/groups/retention.ts';
import { RETRAINING_SETTINGS } from '../../src/config/groups/retraining.ts';
import { RUNTIME_SETTINGS } from '../../src/config/groups/runtime.ts';
import { SERVICE_SETTINGS } from '../../src/config/groups/service.ts';
import type { AnySetting } from '../../src/config/setting.ts';
import { SETTINGS } from '../../src/config/table.ts';

const all = Object.entries(SETTINGS) as [string, AnySetting][];

test('the table is the groups, in group order, with no key lost to a clash', () => {
  const groups = [
    SERVICE_SETTINGS,
    RETRAINING_SETTINGS,
    RETENTION_SETTINGS,
    ACCESS_SETTINGS,
    LIMIT_SETTINGS,
    LIST_SETTINGS,
    RUNTIME_SETTINGS,
  ];
  assert.deepEqual(
    Object.keys(SETTINGS),
    groups.flatMap((g) => Object.keys(g)),
  );
});

test('variables and flags are unique; variables are upper case, flags kebab case', () => {
  const envs = all.map(([, s]) => s.env);
  assert.equal(new Set(envs).size, envs.length);
  const flags = all.map(([, s]) => s.flag).filter((f) => f !== null);
  assert.equal(new Set(flags).size, flags.length);
  for (const e of envs) assert.match(e, /^[A-Z][A-Z0-9_]*$/);
  for (const f of flags) assert.match(f!, /^[a-z][a-z0-9-]*$/);
  assert.ok(!flags.includes('config'), '--config is the configuration file');
});

test('every setting is described, and its default survives its own parser', () => {
  for (const [k, s] of all) {
    assert.ok(s.description.trim().length > 0, `${k} described`);
    if (s.default === '' || s.default === -1) continue; // "unset" markers, not values one can give
    assert.deepEqual(s.parse(String(s.default), s.env), s.default, k);
  }
});

test('the keys are secret where they are credentials', () => {
  const secret = all
    .filter(([, s]) => s.secret)
    .map(([k]) => k)
    .sort();
  assert.deepEqual(secret, ['adminKeys', 'apiKeys', 'databaseUrl', 'redisUrl']);
});
