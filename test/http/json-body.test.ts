import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { duplicateKey, registerJsonBody } from '../../src/http/json-body.ts';

/** A bare fastify with only the parser, answering the parsed body or the error's code and status. */
async function app(t: import('node:test').TestContext) {
  const a = Fastify();
  registerJsonBody(a);
  a.setErrorHandler((err: Error & { code?: string; statusCode?: number }, _req, reply) =>
    reply.status(err.statusCode ?? 500).send({ code: err.code, message: err.message }),
  );
  a.post('/', async (req) => ({ body: req.body }));
  await a.ready();
  t.after(() => a.close());
  const post = (payload: string | Buffer, contentType = 'application/json') =>
    a.inject({ method: 'POST', url: '/', payload, headers: { 'content-type': contentType } });
  return post;
}

test('valid UTF-8 JSON is parsed, with or without an explicit utf-8 charset', async (t) => {
  const post = await app(t);
  for (const ct of [
    'application/json',
    'application/json; charset=utf-8',
    'application/json;charset=UTF8',
    'application/json; charset="utf-8"',
  ]) {
    const res = await post('{"a":"é","b":[1,{"c":null}]}', ct);
    assert.equal(res.statusCode, 200, ct);
    assert.deepEqual(res.json().body, { a: 'é', b: [1, { c: null }] });
  }
});

test('a charset other than UTF-8 is 415 UNSUPPORTED_MEDIA_TYPE naming it', async (t) => {
  const post = await app(t);
  const res = await post('{"a":1}', 'application/json; charset=ISO-8859-1');
  assert.equal(res.statusCode, 415);
  assert.equal(res.json().code, 'UNSUPPORTED_MEDIA_TYPE');
  assert.match(res.json().message, /iso-8859-1/);
});

test('bytes that are not UTF-8 are 400 INVALID_UTF8, not replaced by U+FFFD', async (t) => {
  const post = await app(t);
  const res = await post(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
  assert.equal(res.statusCode, 400);
  assert.equal(res.json().code, 'INVALID_UTF8');
});

test('a repeated key is 400 INVALID_JSON naming the key; JSON syntax errors keep the parser error', async (t) => {
  const post = await app(t);
  const dup = await post('{"userId":"u1","userId":"u2"}');
  assert.equal(dup.statusCode, 400);
  assert.equal(dup.json().code, 'INVALID_JSON');
  assert.match(dup.json().message, /userId/);
  const broken = await post('{"a":');
  assert.equal(broken.statusCode, 400);
  assert.notEqual(broken.json().code, 'INVALID_UTF8');
  const proto = await post('{"__proto__":{"x":1}}');
  assert.equal(proto.statusCode, 400, 'fastify’s own prototype-poisoning refusal stays');
});

test('duplicateKey: keys are told from values, whatever whitespace precedes the colon', () => {
  assert.equal(duplicateKey('{"a" :1, "a"\n\t:2}'), 'a');
  assert.equal(duplicateKey('{"a":"a"}'), undefined);
  assert.equal(duplicateKey('{"k":["k", "k"],"v":"k"}'), undefined);
});

test('duplicateKey: braces and quotes inside strings do not open or close anything', () => {
  assert.equal(duplicateKey('{"x":"}{[","x":2}'), 'x');
  assert.equal(duplicateKey('{"x":"\\"}","y":{"x":1}}'), undefined, 'x in a nested object is another scope');
  assert.equal(duplicateKey('{"a\\\\":1,"a\\\\":2}'), 'a\\', 'an escaped backslash ends before the quote');
});

test('duplicateKey: scopes close, so a key may come back in the next object or after a nested one', () => {
  assert.equal(duplicateKey('{"a":{"b":1},"b":2}'), undefined);
  assert.equal(duplicateKey('{"a":{"b":1},"a":2}'), 'a');
  assert.equal(duplicateKey('[[{"a":1}],[{"a":1,"a":2}]]'), 'a');
  assert.equal(duplicateKey('{}'), undefined);
  assert.equal(duplicateKey('"a"'), undefined, 'a bare string has no keys');
  assert.equal(duplicateKey('42'), undefined);
});
