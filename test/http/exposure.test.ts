import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isLoopbackAddress, resolveExposure } from '../../src/http/exposure.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const cfg = (o: Partial<Parameters<typeof resolveExposure>[0]>) => ({
  host: '',
  apiKeys: '',
  adminKeys: '',
  insecureOpen: false,
  ...o,
});

test('loopback: any 127/8 address, ::1 and localhost, in any case and brackets, also IPv4-mapped', () => {
  for (const a of ['127.0.0.1', '127.255.0.7', 'LOCALHOST', '[::1]', '::FFFF:127.0.0.2'])
    assert.equal(isLoopbackAddress(a), true, a);
  for (const a of ['127.0.0', '127.0.0.256', '::ffff:192.168.0.1', '0:0:0:0:0:0:0:2', 'localhost.evil', '::'])
    assert.equal(isLoopbackAddress(a), false, a);
  assert.equal(isLoopbackAddress(undefined), false);
});

test('an explicit loopback host without keys is served, admin needing no key', () => {
  for (const host of ['127.0.0.1', '::1', 'localhost']) {
    const e = resolveExposure(cfg({ host }));
    assert.deepEqual(e, { host, loopbackOnly: true, clientKeys: false, adminKeys: false });
  }
});

test('client keys allow an exposed host and say whether admin keys are set', () => {
  assert.deepEqual(resolveExposure(cfg({ host: '10.0.0.5', apiKeys: 'k', adminKeys: 'a' })), {
    host: '10.0.0.5',
    loopbackOnly: false,
    clientKeys: true,
    adminKeys: true,
  });
  assert.equal(resolveExposure(cfg({ apiKeys: 'k', host: '127.0.0.1' })).loopbackOnly, true);
});

test('keys given only in a file count as keys', () => {
  const dir = tempDir('reco-exposure-');
  const file = join(dir, 'keys');
  writeFileSync(file, '# comment\nk1\n');
  const e = resolveExposure(cfg({ apiKeysFile: file, adminKeysFile: file }));
  assert.equal(e.host, '0.0.0.0');
  assert.equal(e.clientKeys, true);
  assert.equal(e.adminKeys, true);
  const empty = join(dir, 'empty');
  writeFileSync(empty, '# none yet\n');
  assert.equal(resolveExposure(cfg({ apiKeysFile: empty })).host, '127.0.0.1', 'an empty file is no keys');
});

test('a refused exposure is a CONFIG_INVALID error naming the host and the ways out', () => {
  assert.throws(
    () => resolveExposure(cfg({ host: 'reco.internal', adminKeys: 'a' })),
    (e: Error & { code?: string }) => {
      assert.equal(e.code, 'CONFIG_INVALID');
      assert.match(e.message, /refusing to listen on reco\.internal/);
      assert.match(e.message, /RECO_ADMIN_KEYS/);
      assert.match(e.message, /RECO_INSECURE_OPEN/);
      return true;
    },
  );
});

test('--insecure-open serves without client keys and warns; admin keys keep admin routes on', () => {
  const withAdmin = resolveExposure(cfg({ host: '0.0.0.0', adminKeys: 'a', insecureOpen: true }));
  assert.equal(withAdmin.clientKeys, false);
  assert.equal(withAdmin.adminKeys, true);
  assert.match(withAdmin.warning ?? '', /listening on 0\.0\.0\.0 with no API keys/);
  assert.doesNotMatch(withAdmin.warning ?? '', /admin routes are off/);
  // On loopback the flag changes nothing and there is nothing to warn about.
  assert.equal(resolveExposure(cfg({ insecureOpen: true })).warning, undefined);
});
