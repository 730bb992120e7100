import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import { RecoError, recoError } from '../../../src/errors.ts';
import { frameworkErrorHandler, registerErrorHandler } from '../../../src/http/plugins/error-handler.ts';

/** A bare fastify with the error handler, its log lines collected. */
async function app(t: import('node:test').TestContext, routes: (a: ReturnType<typeof Fastify>) => void) {
  const logs: { level: number; msg: string; err?: { message: string } }[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  const a = Fastify({ logger: { level: 'info', stream }, disableRequestLogging: true, bodyLimit: 100 });
  registerErrorHandler(a);
  routes(a);
  await a.ready();
  t.after(() => a.close());
  return { a, logs };
}

const thrower = (e: unknown) => async () => {
  throw e;
};

test('validation errors: 400 VALIDATION_ERROR, one detail per problem naming the part and field', async (t) => {
  const { a } = await app(t, (a) =>
    a.get(
      '/v',
      { schema: { querystring: { type: 'object', properties: { k: { type: 'integer', minimum: 1 } } } } },
      async () => 'ok',
    ),
  );
  const res = await a.inject({ url: '/v?k=0' });
  assert.equal(res.statusCode, 400);
  const body = res.json();
  assert.equal(body.error.code, 'VALIDATION_ERROR');
  assert.match(body.error.message, /querystring\/k/);
  assert.deepEqual(body.error.details, [
    { field: 'querystring/k', message: 'must be >= 1', params: { comparison: '>=', limit: 1 } },
  ]);
});

test('a RecoError keeps its code, status, message and details', async (t) => {
  const { a, logs } = await app(t, (a) => {
    a.get('/conflict', thrower(new RecoError('CATALOGUE_SHRANK', 'shrank', 409, { items: 3 })));
    a.get('/teapot', thrower(new RecoError('SOMETHING_NEW', 'new', 418)));
  });
  const res = await a.inject({ url: '/conflict' });
  assert.equal(res.statusCode, 409);
  assert.deepEqual(res.json(), {
    error: { code: 'CATALOGUE_SHRANK', message: 'shrank', details: { items: 3 } },
  });
  assert.deepEqual((await a.inject({ url: '/teapot' })).json(), {
    error: { code: 'SOMETHING_NEW', message: 'new' },
  });
  assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
  assert.equal(logs.length, 0, '4xx are not logged as failures');
});

test('a 503 RecoError is logged as a warning, another 5xx as an error', async (t) => {
  const { a, logs } = await app(t, (a) => {
    a.get('/503', thrower(recoError('MODEL_NOT_READY')));
    a.get('/502', thrower(new RecoError('UPSTREAM', 'upstream broke', 502)));
  });
  assert.equal((await a.inject({ url: '/503' })).statusCode, 503);
  assert.equal((await a.inject({ url: '/502' })).json().error.message, 'upstream broke');
  assert.deepEqual(
    logs.map((l) => [l.level, l.msg]),
    [
      [40, 'request failed'],
      [50, 'request failed'],
    ],
  );
});

test("fastify's own client errors map to reco codes and keep fastify's message", async (t) => {
  const { a } = await app(t, (a) => a.post('/p', async () => 'ok'));
  const big = await a.inject({
    method: 'POST',
    url: '/p',
    payload: JSON.stringify({ x: 'y'.repeat(200) }),
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(big.statusCode, 413);
  assert.equal(big.json().error.code, 'PAYLOAD_TOO_LARGE');
  const media = await a.inject({
    method: 'POST',
    url: '/p',
    payload: 'a',
    headers: { 'content-type': 'image/png' },
  });
  assert.equal(media.statusCode, 415);
  assert.equal(media.json().error.code, 'UNSUPPORTED_MEDIA_TYPE');
  const empty = await a.inject({
    method: 'POST',
    url: '/p',
    payload: '',
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(empty.statusCode, 400);
  assert.equal(empty.json().error.code, 'INVALID_JSON');
  assert.match(empty.json().error.message, /empty/i);
});

test('other 4xx keep their status: a SyntaxError as INVALID_JSON, anything else as BAD_REQUEST', async (t) => {
  const { a } = await app(t, (a) => {
    a.get('/syntax', thrower(Object.assign(new SyntaxError('Unexpected token'), { statusCode: 400 })));
    a.get('/gone', thrower(Object.assign(new Error('it left'), { statusCode: 410 })));
  });
  const syntax = await a.inject({ url: '/syntax' });
  assert.equal(syntax.statusCode, 400);
  assert.equal(syntax.json().error.code, 'INVALID_JSON');
  assert.match(syntax.json().error.message, /Unexpected token/);
  const gone = await a.inject({ url: '/gone' });
  assert.equal(gone.statusCode, 410);
  assert.deepEqual(gone.json(), { error: { code: 'BAD_REQUEST', message: 'it left' } });
});

test('anything else is a 500 with a generic message; the real one is only logged', async (t) => {
  const { a, logs } = await app(t, (a) => {
    a.get('/boom', thrower(new Error('db password is hunter2')));
    a.get('/5xx', thrower(Object.assign(new Error('upstream detail'), { statusCode: 502 })));
  });
  for (const url of ['/boom', '/5xx']) {
    const res = await a.inject({ url });
    assert.equal(res.statusCode, 500, url);
    assert.deepEqual(res.json(), { error: { code: 'INTERNAL_ERROR', message: 'Internal server error' } });
  }
  assert.equal(logs.length, 2);
  assert.equal(logs[0].level, 50);
  assert.equal(logs[0].err?.message, 'db password is hunter2');
});

test('unknown routes are 404 NOT_FOUND naming method and path, never the query', async (t) => {
  const { a } = await app(t, () => {});
  const res = await a.inject({ method: 'DELETE', url: '/nope/x?token=secret' });
  assert.equal(res.statusCode, 404);
  assert.deepEqual(res.json(), { error: { code: 'NOT_FOUND', message: 'no route DELETE /nope/x' } });
});

test('frameworkErrorHandler: a too-long parameter is 414 URI_TOO_LONG, any other router error 400 BAD_URL', () => {
  const sent: [number, unknown][] = [];
  const reply = {
    status(code: number) {
      return { send: (body: unknown) => sent.push([code, body]) };
    },
  } as unknown as FastifyReply;
  const req = {} as FastifyRequest;
  const e = (code: string, message = 'x') => Object.assign(new Error(message), { code }) as FastifyError;
  frameworkErrorHandler(e('FST_ERR_MAX_PARAM_LENGTH'), req, reply);
  frameworkErrorHandler(e('FST_ERR_BAD_URL', "'/%E0' is not a valid url component"), req, reply);
  assert.deepEqual(sent, [
    [414, { error: { code: 'URI_TOO_LONG', message: 'a path parameter is longer than 512 characters' } }],
    [400, { error: { code: 'BAD_URL', message: "'/%E0' is not a valid url component" } }],
  ]);
});
