import assert from 'node:assert/strict';
import { test } from 'node:test';
import { client, secureApp } from '../helpers/secure-app.ts';

const preflight = (origin: string, method = 'POST') => ({
  method: 'OPTIONS' as const,
  url: '/events',
  headers: {
    origin,
    'access-control-request-method': method,
    'access-control-request-headers': 'x-api-key, content-type',
  },
});

test('preflight answered before auth, with the configured origins, methods and headers', async (t) => {
  const s = await secureApp(t, { corsOrigins: 'https://app.example, https://admin.example' });
  const res = await s.app.inject(preflight('https://app.example'));
  assert.equal(res.statusCode, 204, 'no key needed for a preflight');
  assert.equal(res.headers['access-control-allow-origin'], 'https://app.example');
  assert.match(String(res.headers['access-control-allow-methods']), /GET, POST/);
  const allowed = String(res.headers['access-control-allow-headers']);
  for (const h of ['x-api-key', 'authorization', 'content-type']) assert.ok(allowed.includes(h), h);
  assert.match(String(res.headers.vary), /Origin/i);
  const other = await s.app.inject(preflight('https://evil.example'));
  assert.equal(other.headers['access-control-allow-origin'], undefined);
  // Actual requests: the allowed origin can read even a refusal (so the app can show it).
  const refused = await s.app.inject({
    url: '/recommendations/u1',
    headers: { origin: 'https://admin.example' },
  });
  assert.equal(refused.statusCode, 401);
  assert.equal(refused.headers['access-control-allow-origin'], 'https://admin.example');
  const ok = await s.app.inject({
    url: '/recommendations/u1',
    headers: { ...client, origin: 'https://app.example' },
  });
  assert.equal(ok.headers['access-control-allow-origin'], 'https://app.example');
  assert.match(String(ok.headers['access-control-expose-headers']), /x-request-id/);
});

test('no origins configured: no CORS headers at all, preflights need a key like any route', async (t) => {
  const s = await secureApp(t, { corsOrigins: '' });
  const res = await s.app.inject(preflight('https://app.example'));
  assert.equal(res.headers['access-control-allow-origin'], undefined);
  assert.equal(res.headers['access-control-allow-methods'], undefined);
  const get = await s.app.inject({
    url: '/recommendations/u1',
    headers: { ...client, origin: 'https://app.example' },
  });
  assert.equal(get.statusCode, 200);
  assert.equal(get.headers['access-control-allow-origin'], undefined);
});
