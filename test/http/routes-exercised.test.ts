import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { InjectOptions } from 'fastify';
import { ADMIN_KEY, CLIENT_KEY, secureApp } from '../helpers/secure-app.ts';

// Every route the app registers gets a request here, read from the app itself: `routeAccess` is
// the table its onRoute hook fills (src/http/plugins/auth.ts), so a route added tomorrow shows up
// in it, and this test fails until it is given a request (below) that answers a documented status.
// Documented: for the routes of the OpenAPI document, a status listed under the operation's
// responses (the document the app builds, app.swagger(), which openapi.test.ts holds equal to
// openapi.yaml); for the routes the document hides (the README's open routes: docs, the spec,
// metrics; CORS preflights), the status written in HIDDEN.

/** What to put for each path parameter. */
const PARAMS: Record<string, string> = { userId: 'u1', itemId: 'i1' };

/** A valid body for each documented route that takes one (`METHOD /url`). */
const BODIES: Record<string, unknown> = {
  // Not u1: DELETE /users/u1 erases u1's events, and the count below checks this one was stored.
  'POST /events': { userId: 'u2', itemId: 'i1', type: 'watch', watchTime: 12 },
  'POST /items': { itemId: 'new-1', topic: 'news', tags: ['a'], durationSec: 60, publishedAt: 0 },
  'PATCH /items/:itemId': { hidden: true, durationSec: 90 },
  'POST /recommendations/:userId': { k: 3, exclude: ['i1', 'i2'] },
  'POST /recommendations/batch': {
    requests: [
      { userId: 'u1', k: 2 },
      { userId: 'u2', placement: 'email' },
    ],
  },
};

/** Routes the OpenAPI document hides, with the status each answers (and how to reach it). */
const HIDDEN: Record<string, { status: number; url?: string; headers?: Record<string, string> }> = {
  'OPTIONS *': {
    status: 204,
    url: '/recommendations/u1',
    headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' },
  },
  'GET /docs': { status: 200 },
  'GET /docs/': { status: 200 },
  'GET /docs/static/index.html': { status: 302 }, // Swagger UI sends it on to /docs/
  'GET /docs/static/swagger-initializer.js': { status: 200 },
  'GET /docs/static/*': { status: 200, url: '/docs/static/swagger-ui.css' },
  'GET /docs/json': { status: 200 },
  'GET /docs/yaml': { status: 200 },
  'GET /openapi.yaml': { status: 200 },
  'GET /metrics': { status: 200 },
};

type Operation = { responses: Record<string, unknown>; requestBody?: unknown };
type Doc = { paths: Record<string, Record<string, Operation>> };

const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');
const concrete = (url: string) =>
  url.replace(/:(\w+)/g, (_, name: string) => {
    const value = PARAMS[name];
    if (value === undefined) throw new Error(`no sample value for the path parameter :${name} (${url})`);
    return encodeURIComponent(value);
  });

test('every registered route answers a request with a documented status', async (t) => {
  const s = await secureApp(t, { corsOrigins: 'https://app.example', rateLimitPerMinute: 10_000 });
  const { app } = s;
  const doc = app.swagger() as unknown as Doc;
  const routes = app.routeAccess;
  assert.ok(routes.length >= 20, `the route table has ${routes.length} entries`);

  // The two views of the app agree: every documented operation is a registered route.
  for (const [path, methods] of Object.entries(doc.paths))
    for (const method of Object.keys(methods))
      assert.ok(
        routes.some((r) => r.method === method.toUpperCase() && openApiPath(r.url) === path),
        `${method.toUpperCase()} ${path} is documented but not in the route table`,
      );

  const answered: { method: string; url: string; status: number }[] = [];
  for (const r of routes) {
    const key = `${r.method} ${r.url}`;
    // A HEAD route is the GET route's: the same statuses, no body.
    const asGet = r.method === 'HEAD' ? `GET ${r.url}` : key;
    const op = doc.paths[openApiPath(r.url)]?.[(r.method === 'HEAD' ? 'GET' : r.method).toLowerCase()];
    const hidden = HIDDEN[asGet];
    assert.ok(op || hidden, `${key}: neither in the OpenAPI document nor in HIDDEN; give it a request here`);
    const req: InjectOptions = {
      method: r.method as InjectOptions['method'],
      url: hidden?.url ?? concrete(r.url),
      headers: {
        ...(r.access === 'client' ? { 'x-api-key': CLIENT_KEY } : {}),
        ...(r.access === 'admin' ? { 'x-api-key': ADMIN_KEY } : {}),
        ...hidden?.headers,
      },
    };
    if (op?.requestBody !== undefined) {
      assert.ok(key in BODIES, `${key} takes a body: add a valid one to BODIES`);
      req.payload = BODIES[key] as object;
    }
    const res = await app.inject(req);
    const documented = op ? Object.keys(op.responses).map(Number) : [hidden?.status];
    assert.ok(
      documented.includes(res.statusCode),
      `${key}: ${res.statusCode} is not documented (${documented.join(', ')}): ${res.body.slice(0, 200)}`,
    );
    // The request did what the route is for, not merely something documented (a 4xx).
    if (hidden) assert.equal(res.statusCode, hidden.status, key);
    else assert.ok(res.statusCode < 300, `${key}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    answered.push({ method: r.method, url: r.url, status: res.statusCode });
  }

  // Each request reached the route it was meant for: the metrics time requests by matched route.
  const metrics = (await app.inject({ url: '/metrics' })).body;
  for (const a of answered) {
    if (a.url === '/metrics') continue; // scrapes are not timed
    const series = `reco_http_request_duration_seconds_count{method="${a.method}",route="${a.url}",status_code="${a.status}"}`;
    assert.ok(metrics.includes(series), `${a.method} ${a.url} was not answered by its own route`);
  }
  assert.equal(await s.store.count(), 1, 'POST /events stored its event');
  assert.ok(await s.store.erasedAt('u1'), 'DELETE /users/u1 erased u1');
  assert.deepEqual(
    (await s.store.itemFlags()).get('i1'),
    { hidden: true, retired: true },
    'PATCH and DELETE /items/i1',
  );
  assert.equal(s.engine.updatedItems[0]?.durationSec, 90, 'PATCH /items/i1 re-embedded i1');
  assert.equal(s.reloads, 1);
  assert.equal(s.retrains, 1);
  t.diagnostic(`${answered.length} routes exercised`);
});

test('every entry of the route table is a route the router holds', async (t) => {
  // The check above reads the route table; make sure it describes the router, not a wish list.
  const { app } = await secureApp(t, { corsOrigins: 'https://app.example' });
  for (const r of app.routeAccess) {
    if (r.url === '*') continue;
    assert.ok(app.hasRoute({ method: r.method as 'GET', url: r.url }), `${r.method} ${r.url} is not routed`);
  }
});
