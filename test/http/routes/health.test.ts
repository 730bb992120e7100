import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFastify } from '../../../src/http/fastify.ts';
import { healthRoutes } from '../../../src/http/routes/health.ts';
import { FakeEngine } from '../../helpers/fake-engine.ts';

async function app(t: import('node:test').TestContext, engine = new FakeEngine()) {
  const a = createFastify({});
  const access: string[] = [];
  a.addHook('onRoute', (r) => {
    if (r.method === 'GET') access.push(`${r.url} ${r.config?.access}`);
  });
  await a.register(healthRoutes, { engine });
  await a.ready();
  t.after(() => a.close());
  return { a, engine, access };
}

test('both probes are open routes', async (t) => {
  const { access } = await app(t);
  assert.deepEqual(access, ['/healthz open', '/readyz open']);
});

test('/healthz is ok with or without a model', async (t) => {
  const { a, engine } = await app(t);
  assert.deepEqual((await a.inject({ url: '/healthz' })).json(), { status: 'ok' });
  engine.ready = false;
  const res = await a.inject({ url: '/healthz' });
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json(), { status: 'ok' });
});

test('/readyz names the served version once ready, and is 503 MODEL_NOT_READY before', async (t) => {
  const { a, engine } = await app(t);
  assert.deepEqual((await a.inject({ url: '/readyz' })).json(), { status: 'ready', modelVersion: 'fake-1' });
  engine.ready = false;
  const res = await a.inject({ url: '/readyz' });
  assert.equal(res.statusCode, 503);
  assert.equal(res.json().error.code, 'MODEL_NOT_READY');
});

test('/readyz is not ready while the engine reports no version, even if it says ready', async (t) => {
  const engine = new FakeEngine();
  engine.modelVersion = () => undefined;
  const { a } = await app(t, engine);
  assert.equal((await a.inject({ url: '/readyz' })).statusCode, 503);
});
