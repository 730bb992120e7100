import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SECURITY_SCHEMES, securityFor } from '../../../src/http/plugins/openapi-security.ts';

test('open routes need nothing; admin routes an admin key either way; client routes any key', () => {
  assert.deepEqual(securityFor('open'), []);
  assert.deepEqual(securityFor('admin'), [{ adminKey: [] }, { adminBearer: [] }]);
  assert.deepEqual(securityFor('client'), [
    { clientKey: [] },
    { clientBearer: [] },
    { adminKey: [] },
    { adminBearer: [] },
  ]);
});

test('every requirement names a declared scheme', () => {
  for (const access of ['open', 'client', 'admin'] as const)
    for (const req of securityFor(access))
      for (const name of Object.keys(req)) assert.ok(name in SECURITY_SCHEMES, name);
});

test('each kind of key travels as x-api-key or as a bearer token, as api-keys.ts reads it', () => {
  for (const name of ['clientKey', 'adminKey'] as const) {
    const s = SECURITY_SCHEMES[name];
    assert.equal(s.type, 'apiKey');
    assert.equal(s.in, 'header');
    assert.equal(s.name, 'x-api-key');
  }
  for (const name of ['clientBearer', 'adminBearer'] as const) {
    assert.equal(SECURITY_SCHEMES[name].type, 'http');
    assert.equal(SECURITY_SCHEMES[name].scheme, 'bearer');
  }
  assert.match(SECURITY_SCHEMES.adminKey.description, /RECO_ADMIN_KEYS/);
  assert.match(SECURITY_SCHEMES.clientKey.description, /RECO_API_KEYS/);
});
