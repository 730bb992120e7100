import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { Type } from '@sinclair/typebox';
import { createFastify } from '../../src/http/fastify.ts';

type Log = { level: number; msg: string; method?: string; url?: string; route?: string; statusCode?: number };

async function app(t: import('node:test').TestContext, opts: Parameters<typeof createFastify>[0] = {}) {
  const logs: Log[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  const a = createFastify({ logger: { level: 'info', stream }, ...opts });
  a.get(
    '/q/:id',
    {
      schema: {
        params: Type.Object({ id: Type.String({ maxLength: 300 }) }),
        querystring: Type.Object({ k: Type.Integer({ default: 5 }), f: Type.Optional(Type.Number()) }),
      },
    },
    async (req) => ({ params: req.params, query: req.query }),
  );
  a.post(
    '/b',
    { schema: { body: Type.Object({ k: Type.Integer(), flag: Type.Boolean({ default: false }) }) } },
    async (req) => req.body,
  );
  a.post('/event', { schema: { body: Type.Ref('EventInput') } }, async (req) => req.body);
  await a.ready();
  t.after(() => a.close());
  return { a, logs };
}

const json = { 'content-type': 'application/json' };

test('query strings and path parameters are coerced, plainly written numbers only; defaults filled in', async (t) => {
  const { a } = await app(t);
  const ok = await a.inject({ url: '/q/abc?f=2.5' });
  assert.equal(ok.statusCode, 200);
  assert.deepEqual(ok.json(), { params: { id: 'abc' }, query: { k: 5, f: 2.5 } });
  assert.equal((await a.inject({ url: '/q/abc?k=12' })).json().query.k, 12);
  for (const q of ['k=0x10', 'k=1e1', 'k=', 'f=1e3']) {
    const res = await a.inject({ url: `/q/abc?${q}` });
    assert.equal(res.statusCode, 400, q);
    assert.equal(res.json().error.code, 'VALIDATION_ERROR', q);
  }
});

test('JSON bodies are not coerced, but their defaults are filled in', async (t) => {
  const { a } = await app(t);
  const ok = await a.inject({ method: 'POST', url: '/b', payload: { k: 3 } });
  assert.deepEqual(ok.json(), { k: 3, flag: false });
  const text = await a.inject({ method: 'POST', url: '/b', payload: { k: '3' } });
  assert.equal(text.statusCode, 400);
  assert.equal(text.json().error.code, 'VALIDATION_ERROR');
  assert.equal(
    (await a.inject({ method: 'POST', url: '/b', payload: { k: 1, flag: 'true' } })).statusCode,
    400,
  );
});

test('the shared components are known by name to route schemas', async (t) => {
  const { a } = await app(t);
  for (const id of ['ErrorBody', 'EventInput', 'ItemInput', 'RetrainOutcome']) assert.ok(a.getSchema(id), id);
  const ok = await a.inject({
    method: 'POST',
    url: '/event',
    payload: { userId: 'u', itemId: 'i', type: 'like' },
  });
  assert.equal(ok.statusCode, 200);
  const bad = await a.inject({
    method: 'POST',
    url: '/event',
    payload: { userId: 'u', itemId: 'i', type: 'buy' },
  });
  assert.equal(bad.statusCode, 400);
});

test('JSON only: text/plain is 415, repeated keys 400, all in the one error shape', async (t) => {
  const { a } = await app(t);
  const plain = await a.inject({
    method: 'POST',
    url: '/b',
    payload: '{"k":1}',
    headers: { 'content-type': 'text/plain' },
  });
  assert.equal(plain.statusCode, 415);
  assert.equal(plain.json().error.code, 'UNSUPPORTED_MEDIA_TYPE');
  const dup = await a.inject({ method: 'POST', url: '/b', payload: '{"k":1,"k":2}', headers: json });
  assert.equal(dup.statusCode, 400);
  assert.equal(dup.json().error.code, 'INVALID_JSON');
  const missing = await a.inject({ url: '/nope' });
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().error.code, 'NOT_FOUND');
});

test('the body limit is the option given (5 MB by default)', async (t) => {
  const { a } = await app(t, { bodyLimitBytes: 64 });
  const big = await a.inject({
    method: 'POST',
    url: '/b',
    payload: JSON.stringify({ k: 1, pad: 'x'.repeat(100) }),
    headers: json,
  });
  assert.equal(big.statusCode, 413);
  assert.equal(big.json().error.code, 'PAYLOAD_TOO_LARGE');
  const dflt = await app(t);
  assert.equal(dflt.a.initialConfig.bodyLimit, 5 * 1024 * 1024);
});

test('path parameters up to 512 characters reach the schema; longer ones are 414', async (t) => {
  const { a } = await app(t);
  const schema = await a.inject({ url: `/q/${'x'.repeat(301)}` });
  assert.equal(schema.statusCode, 400);
  assert.equal(schema.json().error.code, 'VALIDATION_ERROR');
  const long = await a.inject({ url: `/q/${'x'.repeat(513)}` });
  assert.equal(long.statusCode, 414);
  assert.equal(long.json().error.code, 'URI_TOO_LONG');
});

test('every response carries a request id: the client’s own, or a fresh UUID', async (t) => {
  const { a } = await app(t);
  const fresh = await a.inject({ url: '/q/a' });
  assert.match(
    String(fresh.headers['x-request-id']),
    /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
  const other = await a.inject({ url: '/q/a' });
  assert.notEqual(other.headers['x-request-id'], fresh.headers['x-request-id']);
  const given = await a.inject({ url: '/nope', headers: { 'x-request-id': 'trace-123' } });
  assert.equal(given.headers['x-request-id'], 'trace-123', 'errors too');
});

test('one log line per request: method, path without the query, route, status', async (t) => {
  const { a, logs } = await app(t);
  await a.inject({ url: '/q/a?token=secret' });
  await a.inject({ url: '/nope' });
  const lines = logs.filter((l) => l.msg === 'request');
  assert.equal(lines.length, 2);
  assert.deepEqual(
    lines.map(({ method, url, route, statusCode }) => ({ method, url, route, statusCode })),
    [
      { method: 'GET', url: '/q/a', route: '/q/:id', statusCode: 200 },
      { method: 'GET', url: '/nope', route: undefined, statusCode: 404 },
    ],
  );
  assert.ok(!JSON.stringify(logs).includes('secret'));
  assert.equal(logs.filter((l) => l.msg === 'incoming request').length, 0, "fastify's own lines are off");
});

test('the edge timeouts reach the HTTP server', async (t) => {
  const { a } = await app(t, {
    timeouts: { requestTimeoutMs: 4000, headersTimeoutMs: 9000, keepAliveTimeoutMs: 1234 },
  });
  assert.equal(a.server.requestTimeout, 4000);
  assert.equal(a.server.headersTimeout, 4000, 'capped by the request timeout');
  assert.equal(a.server.keepAliveTimeout, 1234);
});
