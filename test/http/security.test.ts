import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { createMemoryStore } from '../../src/events/memory-store.ts';
import { type AppOptions, buildApp } from '../../src/http/app.ts';
import { FakeEngine } from '../helpers/fake-engine.ts';

async function app(t: import('node:test').TestContext, opts: Partial<AppOptions>) {
  const a = await buildApp({ engine: new FakeEngine(), store: createMemoryStore(), logger: false, ...opts });
  t.after(() => a.close());
  return a;
}

test('API keys: 401 without or with a wrong key; plain and sha256-hashed keys accepted; probes open', async (t) => {
  const hashed = createHash('sha256').update('second-key').digest('hex');
  const a = await app(t, { apiKeys: `first-key, sha256:${hashed}` });
  const none = await a.inject({ url: '/recommendations/u1' });
  assert.equal(none.statusCode, 401);
  assert.equal(none.json().error.code, 'UNAUTHORIZED');
  assert.equal(
    (await a.inject({ url: '/recommendations/u1', headers: { 'x-api-key': 'nope' } })).statusCode,
    401,
  );
  assert.equal(
    (await a.inject({ url: '/recommendations/u1', headers: { 'x-api-key': 'first-key' } })).statusCode,
    200,
  );
  assert.equal(
    (await a.inject({ url: '/recommendations/u1', headers: { authorization: 'Bearer second-key' } }))
      .statusCode,
    200,
  );
  const post = await a.inject({
    method: 'POST',
    url: '/events',
    payload: { userId: 'u', itemId: 'i', type: 'skip' },
  });
  assert.equal(post.statusCode, 401);
  for (const open of ['/healthz', '/readyz', '/metrics', '/openapi.yaml']) {
    assert.equal((await a.inject({ url: open })).statusCode, 200, open);
  }
});

test('rate limit per key: 429 with the JSON error body after the limit', async (t) => {
  const a = await app(t, { apiKeys: 'k1,k2', rateLimitPerMinute: 3 });
  const get = (key: string) => a.inject({ url: '/recommendations/u1', headers: { 'x-api-key': key } });
  for (let i = 0; i < 3; i++) assert.equal((await get('k1')).statusCode, 200);
  const limited = await get('k1');
  assert.equal(limited.statusCode, 429);
  assert.equal(limited.json().error.code, 'RATE_LIMITED');
  assert.equal((await get('k2')).statusCode, 200, 'another key has its own budget');
  assert.equal((await a.inject({ url: '/healthz' })).statusCode, 200, 'probes are not limited');
});

test('security headers always; CORS only for configured origins', async (t) => {
  const a = await app(t, { corsOrigins: 'https://app.example' });
  const res = await a.inject({ url: '/healthz', headers: { origin: 'https://app.example' } });
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
  assert.equal(res.headers['access-control-allow-origin'], 'https://app.example');
  const other = await a.inject({ url: '/healthz', headers: { origin: 'https://evil.example' } });
  assert.equal(other.headers['access-control-allow-origin'], undefined);
  const off = await app(t, {});
  assert.equal(
    (await off.inject({ url: '/healthz', headers: { origin: 'https://app.example' } })).headers[
      'access-control-allow-origin'
    ],
    undefined,
  );
});
