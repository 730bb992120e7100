import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RecommendRequest, SimilarRequest } from '../../src/serving/engine.ts';
import { build, errorCode } from '../helpers/build-app.ts';
import { client, secureApp } from '../helpers/secure-app.ts';

// Each route file is a fastify plugin with a context of its own; what must hold for every route
// (the request metrics, the request id, the error handler, the access check) is registered on the
// root and must still reach the routes of every plugin.

const ROUTES = [
  { method: 'GET', url: '/healthz', route: '/healthz' },
  { method: 'GET', url: '/recommendations/u1', route: '/recommendations/:userId' },
  { method: 'GET', url: '/items/i1/similar', route: '/items/:itemId/similar' },
  { method: 'POST', url: '/events', route: '/events', payload: { userId: 'u1', itemId: 'i1', type: 'like' } },
  { method: 'POST', url: '/admin/reload', route: '/admin/reload' },
  { method: 'GET', url: '/admin/retrain', route: '/admin/retrain' },
] as const;

test("every plugin's routes are timed in /metrics and answer with a request id", async (t) => {
  const { app } = await build(t);
  for (const r of ROUTES) {
    const res = await app.inject({
      method: r.method,
      url: r.url,
      payload: 'payload' in r ? r.payload : undefined,
    });
    assert.ok(res.statusCode < 300, `${r.method} ${r.url}: ${res.statusCode} ${res.body}`);
    assert.match(String(res.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  }
  const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  for (const r of ROUTES) {
    assert.ok(
      metrics.includes(`reco_http_request_duration_seconds_count{method="${r.method}",route="${r.route}"`),
      `${r.method} ${r.route} missing from /metrics`,
    );
  }
});

test("the root's error handler and access check apply inside the route plugins", async (t) => {
  const s = await secureApp(t);
  const noKey = await s.app.inject({ method: 'GET', url: '/recommendations/u1' });
  assert.equal(noKey.statusCode, 401);
  assert.equal(errorCode(noKey), 'UNAUTHORIZED');
  const clientOnAdmin = await s.app.inject({ method: 'POST', url: '/admin/reload', headers: client });
  assert.equal(clientOnAdmin.statusCode, 403);
  const bad = await s.app.inject({ method: 'GET', url: '/recommendations/u1?k=abc', headers: client });
  assert.equal(bad.statusCode, 400);
  assert.equal(errorCode(bad), 'VALIDATION_ERROR');
  const probe = await s.app.inject({ method: 'GET', url: '/readyz' });
  assert.equal(probe.statusCode, 200);
});

test('the handlers get the defaults their types promise (filled in by the validator)', async (t) => {
  const { app, engine } = await build(t);
  const seen: (RecommendRequest | SimilarRequest)[] = [];
  const recommend = engine.recommend.bind(engine);
  const similar = engine.similar.bind(engine);
  engine.recommend = async (req) => {
    seen.push(req);
    return recommend(req);
  };
  engine.similar = async (req) => {
    seen.push(req);
    return similar(req);
  };
  await app.inject({ method: 'GET', url: '/recommendations/u1' });
  await app.inject({ method: 'GET', url: '/items/i1/similar' });
  assert.equal(seen.length, 2);
  assert.equal(seen[0].k, 10);
  assert.equal((seen[0] as RecommendRequest).explain, false);
  assert.equal(seen[1].k, 10);
});
