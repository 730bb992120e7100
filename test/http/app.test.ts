import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMemoryStore } from '../../src/events/memory-store.ts';
import { type AppOptions, buildApp } from '../../src/http/app.ts';
import { FakeEngine } from '../helpers/fake-engine.ts';

async function app(t: import('node:test').TestContext, opts: Partial<AppOptions> = {}) {
  const engine = new FakeEngine();
  const store = createMemoryStore();
  const a = await buildApp({ engine, store, logger: false, ...opts });
  await a.ready();
  t.after(() => a.close());
  return { a, engine, store };
}

const retrain = {
  start: () => 'started' as const,
  run: async () => undefined,
  status: () => ({ running: false, outcomes: { served: 0, refused: 0, failed: 0, unchanged: 0 } }),
};

test('closing the app closes the engine and the store', async () => {
  const engine = new FakeEngine();
  const store = createMemoryStore();
  let storeClosed = false;
  const close = store.close.bind(store);
  store.close = async () => {
    storeClosed = true;
    return close();
  };
  const a = await buildApp({ engine, store, logger: false });
  await a.ready();
  await a.close();
  assert.equal(engine.closed, true);
  assert.equal(storeClosed, true);
});

test('admin routes exist only for what the server was given', async (t) => {
  const bare = await app(t);
  assert.deepEqual(
    bare.a.routeAccess.filter((r) => r.url.startsWith('/admin')),
    [],
  );
  assert.equal((await bare.a.inject({ method: 'POST', url: '/admin/reload' })).statusCode, 404);
  assert.doesNotMatch((await bare.a.inject({ url: '/metrics' })).body, /reco_retrain_/);
  const full = await app(t, {
    reload: async () => ({ changed: false, modelVersion: 'fake-1' }),
    retrain,
  });
  assert.deepEqual(
    full.a.routeAccess.filter((r) => r.url.startsWith('/admin') && r.method !== 'HEAD'),
    [
      { method: 'POST', url: '/admin/reload', access: 'admin' },
      { method: 'POST', url: '/admin/retrain', access: 'admin' },
      { method: 'GET', url: '/admin/retrain', access: 'admin' },
    ],
  );
  assert.match((await full.a.inject({ url: '/metrics' })).body, /reco_retrain_running 0/);
});

test('the API sends a CSP that allows nothing, and the other security headers', async (t) => {
  const { a } = await app(t);
  const res = await a.inject({ url: '/healthz' });
  assert.equal(
    res.headers['content-security-policy'],
    "default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'",
  );
  assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN');
  assert.match(String(res.headers['strict-transport-security']), /max-age=/);
  const refused = await app(t, { apiKeys: 'k' });
  const denied = await refused.a.inject({ url: '/recommendations/u1' });
  assert.equal(denied.statusCode, 401);
  assert.equal(denied.headers['x-content-type-options'], 'nosniff', 'refusals carry them too');
});

test('CORS for the configured origins: preflight answered with the methods, headers and max-age', async (t) => {
  const { a } = await app(t, { corsOrigins: ' https://a.example , https://b.example', apiKeys: 'k' });
  const pre = await a.inject({
    method: 'OPTIONS',
    url: '/recommendations/u1',
    headers: { origin: 'https://b.example', 'access-control-request-method': 'GET' },
  });
  assert.equal(pre.statusCode, 204, 'a preflight needs no key');
  assert.equal(pre.headers['access-control-allow-origin'], 'https://b.example');
  assert.equal(pre.headers['access-control-allow-methods'], 'GET, POST');
  assert.equal(
    pre.headers['access-control-allow-headers'],
    'x-api-key, authorization, content-type, x-request-id',
  );
  assert.equal(pre.headers['access-control-max-age'], '600');
  const denied = await a.inject({ url: '/recommendations/u1', headers: { origin: 'https://a.example' } });
  assert.equal(denied.statusCode, 401);
  assert.equal(
    denied.headers['access-control-allow-origin'],
    'https://a.example',
    'a browser can read the 401',
  );
  assert.equal(denied.headers['access-control-expose-headers'], 'x-request-id, retry-after');
});

test('without keys the rate limit counts per client address; open routes are not limited', async (t) => {
  const { a } = await app(t, { rateLimitPerMinute: 2 });
  const get = (remoteAddress: string) => a.inject({ url: '/recommendations/u1', remoteAddress });
  assert.equal((await get('10.0.0.1')).statusCode, 200);
  assert.equal((await get('10.0.0.1')).statusCode, 200);
  const limited = await get('10.0.0.1');
  assert.equal(limited.statusCode, 429);
  assert.equal(limited.json().error.code, 'RATE_LIMITED');
  assert.match(limited.json().error.message, /rate limit of 2 requests per minute/);
  assert.equal((await get('10.0.0.2')).statusCode, 200, 'another address has its own budget');
  for (let i = 0; i < 4; i++)
    assert.equal((await a.inject({ url: '/readyz', remoteAddress: '10.0.0.1' })).statusCode, 200);
});

test('with keys the rate limit counts per key, whatever address it comes from', async (t) => {
  const { a } = await app(t, { apiKeys: 'k1', rateLimitPerMinute: 1 });
  const get = (remoteAddress: string) =>
    a.inject({ url: '/recommendations/u1', remoteAddress, headers: { 'x-api-key': 'k1' } });
  assert.equal((await get('10.0.0.1')).statusCode, 200);
  assert.equal((await get('10.0.0.2')).statusCode, 429);
});

test('each app has its own metrics registry', async (t) => {
  const one = await app(t);
  const two = await app(t);
  await one.a.inject({ url: '/healthz' });
  assert.match((await one.a.inject({ url: '/metrics' })).body, /route="\/healthz"/);
  assert.doesNotMatch((await two.a.inject({ url: '/metrics' })).body, /route="\/healthz"/);
});

test('docs off: neither /docs nor /openapi.yaml is routed; key: both behind a client key', async (t) => {
  const off = await app(t, { docsAccess: 'off' });
  assert.ok(!off.a.routeAccess.some((r) => r.url.startsWith('/docs') || r.url === '/openapi.yaml'));
  const key = await app(t, { docsAccess: 'key', metricsAccess: 'key' });
  for (const url of ['/docs', '/openapi.yaml', '/metrics'])
    assert.equal(key.a.routeAccess.find((r) => r.url === url)?.access, 'client', url);
});

test('an unreadable key file stops the app from being built', async () => {
  await assert.rejects(
    buildApp({ engine: new FakeEngine(), store: createMemoryStore(), apiKeysFile: '/nonexistent/keys' }),
    (e: Error & { code?: string }) => e.code === 'CONFIG_INVALID',
  );
});
