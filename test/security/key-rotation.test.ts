import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError } from '../../src/errors.ts';
import { KeyRing } from '../../src/http/key-ring.ts';
import { secureApp } from '../helpers/secure-app.ts';

const status = async (s: Awaited<ReturnType<typeof secureApp>>, key: string) =>
  (await s.app.inject({ url: '/recommendations/u1', headers: { 'x-api-key': key } })).statusCode;

test('keys in a file rotate without a restart: add the new key, move clients, drop the old', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'reco-keys-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'client-keys');
  writeFileSync(file, '# client keys\nold-key\n');
  const s = await secureApp(t, { apiKeys: '', apiKeysFile: file, authFailureLimit: 0 });
  assert.equal(await status(s, 'old-key'), 200);
  assert.equal(await status(s, 'new-key'), 401);
  writeFileSync(file, 'old-key\nnew-key # added for the rotation\n');
  await sleep(2600);
  assert.equal(await status(s, 'new-key'), 200, 'the new key works within the poll interval');
  assert.equal(await status(s, 'old-key'), 200, 'both work during the overlap');
  writeFileSync(file, 'new-key\n');
  await sleep(2600);
  assert.equal(await status(s, 'old-key'), 401, 'the old key is gone');
  assert.equal(await status(s, 'new-key'), 200);
  // A file emptied (or deleted) by mistake refuses everyone instead of opening the routes.
  rmSync(file);
  await sleep(2600);
  assert.equal(await status(s, 'new-key'), 401);
  assert.equal((await s.app.inject({ url: '/recommendations/u1' })).statusCode, 401);
});

test('an unreadable key file at start stops the server', () => {
  assert.throws(() => new KeyRing('', '/nonexistent/keys'), ConfigError);
});
