import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'yaml';
import { build } from '../helpers/build-app.ts';

test('openapi.yaml is exactly the document the route schemas produce (run `npm run openapi`)', async (t) => {
  const { app } = await build(t);
  const committed = parse(readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8'));
  assert.deepEqual(JSON.parse(JSON.stringify(app.swagger())), committed);
});

test('every route is documented and every documented route exists', async (t) => {
  const { app } = await build(t);
  const doc = app.swagger() as { paths: Record<string, Record<string, unknown>> };
  assert.deepEqual(Object.keys(doc.paths).sort(), [
    '/admin/reload',
    '/admin/retrain',
    '/events',
    '/healthz',
    '/items',
    '/items/{itemId}',
    '/items/{itemId}/similar',
    '/placements',
    '/readyz',
    '/recommendations/batch',
    '/recommendations/{userId}',
    '/users/{userId}',
    '/users/{userId}/events',
    '/users/{userId}/similar',
  ]);
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const method of Object.keys(methods)) {
      const url = path.replace(/\{(\w+)\}/g, ':$1');
      assert.ok(
        app.hasRoute({ method: method.toUpperCase() as 'GET', url }),
        `${method} ${path} is not a route`,
      );
    }
  }
});

test('Swagger UI at /docs and the committed file at /openapi.yaml', async (t) => {
  const { app } = await build(t);
  const docs = await app.inject({ url: '/docs/' });
  assert.equal(docs.statusCode, 200);
  assert.match(docs.body, /swagger/i);
  const yaml = await app.inject({ url: '/openapi.yaml' });
  assert.equal(yaml.statusCode, 200);
  assert.equal(yaml.body, readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8'));
});

test("each operation's security is the access its route declares", async (t) => {
  const { app } = await build(t);
  type Op = { security?: Record<string, string[]>[] };
  const doc = app.swagger() as { paths: Record<string, Record<string, Op>> };
  const schemes = (op: Op) => (op.security ?? []).flatMap((r) => Object.keys(r)).sort();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const url = path.replace(/\{(\w+)\}/g, ':$1');
      const access = app.routeAccess.find((r) => r.url === url && r.method === method.toUpperCase())?.access;
      const expected = {
        open: [],
        admin: ['adminBearer', 'adminKey'],
        client: ['adminBearer', 'adminKey', 'clientBearer', 'clientKey'],
      }[access ?? 'client'];
      assert.deepEqual(schemes(op), expected, `${method} ${path} (${access})`);
    }
  }
});

test('the 4xx documented on the open probes are real', async (t) => {
  const { app } = await build(t);
  const encoded = await app.inject({ url: '/healthz', headers: { 'content-encoding': 'gzip' } });
  assert.equal(encoded.statusCode, 415);
  assert.equal(JSON.parse(encoded.body).error.code, 'UNSUPPORTED_CONTENT_ENCODING');
});
