import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { Counter, Registry } from 'prom-client';
import { parseApiKeys } from '../../../src/http/api-keys.ts';
import {
  type AuthOptions,
  countPerKeyLimit,
  declareAccess,
  registerAuth,
} from '../../../src/http/plugins/auth.ts';

const CLIENT = 'client-key';
const ADMIN = 'admin-key';

/** A bare fastify with the access table, the check and three routes, one per access. */
async function app(t: import('node:test').TestContext, o: Partial<AuthOptions> = {}) {
  const registry = new Registry();
  const clientKeys = { hashes: parseApiKeys(CLIENT) };
  const adminKeys = { hashes: parseApiKeys(ADMIN) };
  let now = 0;
  const a = Fastify();
  a.setErrorHandler((err: Error & { code?: string; statusCode?: number }, _req, reply) =>
    reply.status(err.statusCode ?? 500).send({ code: err.code, message: err.message }),
  );
  declareAccess(a, ['/docs']);
  registerAuth(a, {
    clientKeys,
    adminKeys,
    clientKeysRequired: true,
    adminKeysRequired: true,
    loopbackOnly: false,
    failureLimit: 3,
    registry,
    now: () => now,
    ...o,
  });
  a.get('/open', { config: { access: 'open' } }, async () => 'open');
  a.get('/client', async () => 'client');
  a.post('/admin', { config: { access: 'admin' } }, async () => 'admin');
  await a.ready();
  t.after(() => a.close());
  const call = (url: string, key?: string, remoteAddress = '10.0.0.1') =>
    a.inject({
      method: url === '/admin' ? 'POST' : 'GET',
      url,
      remoteAddress,
      headers: key === undefined ? {} : { 'x-api-key': key },
    });
  const metric = async (name: string) => (await registry.getSingleMetric(name)?.get())?.values ?? [];
  return { a, call, clientKeys, metric, tick: (ms: number) => (now += ms) };
}

test('declareAccess: routes default to client; OPTIONS and the open prefixes (exactly) are open', async () => {
  const a = Fastify();
  declareAccess(a, ['/docs']);
  a.get('/docs', async () => '');
  a.get('/docs/json', async () => '');
  a.get('/docsx', async () => '');
  a.route({ method: 'OPTIONS', url: '/pre', handler: async () => '' });
  a.route({ method: ['GET', 'POST'], url: '/both', handler: async () => '' });
  a.post('/a', { config: { access: 'admin' } }, async () => '');
  a.get('/o', { config: { access: 'open' } }, async () => '');
  await a.ready();
  const table = a.routeAccess.filter((r) => r.method !== 'HEAD');
  assert.deepEqual(table, [
    { method: 'GET', url: '/docs', access: 'open' },
    { method: 'GET', url: '/docs/json', access: 'open' },
    { method: 'GET', url: '/docsx', access: 'client' },
    { method: 'OPTIONS', url: '/pre', access: 'open' },
    { method: 'GET', url: '/both', access: 'client' },
    { method: 'POST', url: '/both', access: 'client' },
    { method: 'POST', url: '/a', access: 'admin' },
    { method: 'GET', url: '/o', access: 'open' },
  ]);
  await a.close();
});

test('open routes need no key; client routes a client or an admin key', async (t) => {
  const { call, metric } = await app(t);
  assert.equal((await call('/open')).statusCode, 200);
  assert.equal((await call('/client', CLIENT)).statusCode, 200);
  assert.equal((await call('/client', ADMIN)).statusCode, 200);
  const missing = await call('/client');
  assert.equal(missing.statusCode, 401);
  assert.equal(missing.json().code, 'UNAUTHORIZED');
  assert.match(missing.json().message, /required/);
  const wrong = await call('/client', 'guess');
  assert.equal(wrong.statusCode, 401);
  assert.match(wrong.json().message, /not valid/);
  assert.deepEqual((await metric('reco_auth_failures_total')).map((v) => [v.labels.reason, v.value]).sort(), [
    ['invalid_key', 1],
    ['missing_key', 1],
  ]);
});

test('admin routes: only an admin key; a client key is 403, a wrong one 401', async (t) => {
  const { call, metric } = await app(t);
  assert.equal((await call('/admin', ADMIN)).statusCode, 200);
  const clientKey = await call('/admin', CLIENT);
  assert.equal(clientKey.statusCode, 403);
  assert.equal(clientKey.json().code, 'FORBIDDEN');
  assert.equal((await call('/admin', 'guess')).statusCode, 401);
  assert.equal((await call('/admin')).statusCode, 401);
  const reasons = (await metric('reco_auth_failures_total')).map((v) => v.labels.reason).sort();
  assert.deepEqual(reasons, ['client_key_on_admin_route', 'invalid_key', 'missing_key']);
});

test('without client keys client routes are open, admin routes still need their key', async (t) => {
  const { call } = await app(t, { clientKeysRequired: false });
  assert.equal((await call('/client')).statusCode, 200);
  assert.equal((await call('/admin')).statusCode, 401);
});

test('keys required at start stay required: a ring emptied at run time refuses everyone', async (t) => {
  const { call, clientKeys } = await app(t);
  clientKeys.hashes = [];
  assert.equal((await call('/client')).statusCode, 401);
  assert.equal((await call('/client', CLIENT)).statusCode, 401);
  assert.equal((await call('/client', ADMIN)).statusCode, 200, 'admin keys still work');
});

test('without admin keys: local callers only on a loopback-only server, else admin is off', async (t) => {
  const local = await app(t, { adminKeysRequired: false, loopbackOnly: true });
  assert.equal((await local.call('/admin', undefined, '127.0.0.1')).statusCode, 200);
  const remote = await local.call('/admin', ADMIN, '10.0.0.9');
  assert.equal(remote.statusCode, 403);
  assert.match(remote.json().message, /only clients on this host/);
  const off = await app(t, { adminKeysRequired: false, loopbackOnly: false });
  const refused = await off.call('/admin', undefined, '127.0.0.1');
  assert.equal(refused.statusCode, 403);
  assert.match(refused.json().message, /admin routes are off/);
});

test('failed guesses block the address with Retry-After; a 403 is not a guess', async (t) => {
  const { call, tick, metric } = await app(t, { failureLimit: 2 });
  for (let i = 0; i < 5; i++) assert.equal((await call('/admin', CLIENT)).statusCode, 403);
  assert.equal((await call('/client', CLIENT)).statusCode, 200, '403s did not count');
  await call('/client', 'g1');
  tick(15_500);
  await call('/client', 'g2');
  const blocked = await call('/client', CLIENT);
  assert.equal(blocked.statusCode, 429, 'even the right key, while blocked');
  assert.equal(blocked.json().code, 'RATE_LIMITED');
  assert.equal(blocked.headers['retry-after'], '45', 'what is left of the window, rounded up');
  assert.equal((await call('/client', CLIENT, '10.0.0.2')).statusCode, 200, 'per address');
  assert.equal((await call('/open')).statusCode, 200, 'open routes are never blocked');
  tick(44_500);
  assert.equal((await call('/client', CLIENT)).statusCode, 200, 'the window ended');
  assert.deepEqual(
    (await metric('reco_rate_limited_total')).map((v) => [v.labels.limit, v.value]),
    [['auth_failures', 1]],
  );
});

test('a failure limit of 0 never blocks', async (t) => {
  const { call } = await app(t, { failureLimit: 0 });
  for (let i = 0; i < 30; i++) await call('/client', 'guess');
  assert.equal((await call('/client', CLIENT)).statusCode, 200);
});

test('countPerKeyLimit counts in the shared 429 metric, and does nothing without it', async () => {
  const registry = new Registry();
  const c = new Counter({
    name: 'reco_rate_limited_total',
    help: 'h',
    labelNames: ['limit'],
    registers: [registry],
  });
  const limited = countPerKeyLimit(registry);
  limited();
  limited();
  assert.deepEqual(
    (await c.get()).values.map((v) => [v.labels.limit, v.value]),
    [['per_key', 2]],
  );
  assert.doesNotThrow(() => countPerKeyLimit(new Registry())());
});
