import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { InjectOptions } from 'fastify';
import { build, errorCode } from '../helpers/build-app.ts';

const ev = (over: Record<string, unknown> = {}) => ({
  userId: 'u1',
  itemId: 'i1',
  type: 'watch',
  watchTime: 10,
  ...over,
});
const post = (payload: unknown, headers: Record<string, string> = {}): InjectOptions => ({
  method: 'POST',
  url: '/events',
  payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  headers: { 'content-type': 'application/json', ...headers },
});
let deep: unknown = { userId: 'u', itemId: 'i', type: 'watch' };
for (let i = 0; i < 2000; i++) deep = { context: deep };

// [name, request, expected status, expected code]
const CASES: [string, InjectOptions, number, string][] = [
  ['unknown route', { url: '/nope' }, 404, 'NOT_FOUND'],
  ['unknown method', { method: 'DELETE', url: '/events' }, 404, 'NOT_FOUND'],
  ['k=0', { url: '/recommendations/u1?k=0' }, 400, 'VALIDATION_ERROR'],
  ['k=1000000', { url: '/recommendations/u1?k=1000000' }, 400, 'VALIDATION_ERROR'],
  ['k=abc', { url: '/recommendations/u1?k=abc' }, 400, 'VALIDATION_ERROR'],
  ['k=1.5', { url: '/recommendations/u1?k=1.5' }, 400, 'VALIDATION_ERROR'],
  ['k=-3', { url: '/recommendations/u1?k=-3' }, 400, 'VALIDATION_ERROR'],
  ['unknown query parameter', { url: '/recommendations/u1?kk=3' }, 400, 'VALIDATION_ERROR'],
  ['userId too long', { url: `/recommendations/${'u'.repeat(300)}` }, 400, 'VALIDATION_ERROR'],
  ['path far too long', { url: `/recommendations/${'u'.repeat(5000)}` }, 414, 'URI_TOO_LONG'],
  ['bad percent-encoding', { url: '/recommendations/%E0%A4%A' }, 400, 'BAD_URL'],
  ['path traversal in an id', { url: '/recommendations/..%2F..%2Fetc%2Fpasswd' }, 400, 'VALIDATION_ERROR'],
  ['path traversal in an item id', { url: '/items/..%2Fsecrets/similar' }, 400, 'VALIDATION_ERROR'],
  ['NUL in a path id', { url: '/recommendations/a%00b' }, 400, 'VALIDATION_ERROR'],
  ['path traversal in a query id', { url: '/items/i1/similar?userId=../../x' }, 400, 'VALIDATION_ERROR'],
  ['body not JSON', post('{"userId": '), 400, 'INVALID_JSON'],
  ['empty body', post(''), 400, 'INVALID_JSON'],
  ['body null', post('null'), 400, 'VALIDATION_ERROR'],
  ['body a number', post('42'), 400, 'VALIDATION_ERROR'],
  ['missing userId', post({ itemId: 'i1', type: 'watch' }), 400, 'VALIDATION_ERROR'],
  ['missing itemId', post({ userId: 'u1', type: 'watch' }), 400, 'VALIDATION_ERROR'],
  ['missing type', post({ userId: 'u1', itemId: 'i1' }), 400, 'VALIDATION_ERROR'],
  ['userId an object', post(ev({ userId: { a: 1 } })), 400, 'VALIDATION_ERROR'],
  ['userId an array', post(ev({ userId: ['u'] })), 400, 'VALIDATION_ERROR'],
  ['userId a boolean', post(ev({ userId: true })), 400, 'VALIDATION_ERROR'],
  ['userId a float', post(ev({ userId: 1.5 })), 400, 'VALIDATION_ERROR'],
  ['userId negative integer', post(ev({ userId: -4 })), 400, 'VALIDATION_ERROR'],
  ['userId empty', post(ev({ userId: '' })), 400, 'VALIDATION_ERROR'],
  ['userId whitespace', post(ev({ userId: '   ' })), 400, 'VALIDATION_ERROR'],
  ['userId with a control character', post(ev({ userId: 'a\u0000b' })), 400, 'VALIDATION_ERROR'],
  ['userId a huge string', post(ev({ userId: 'x'.repeat(100_000) })), 400, 'VALIDATION_ERROR'],
  [
    'userId a lone surrogate',
    post('{"userId":"a\\ud800","itemId":"i1","type":"watch"}'),
    400,
    'VALIDATION_ERROR',
  ],
  ['itemId climbs directories', post(ev({ itemId: '../../etc/passwd' })), 400, 'VALIDATION_ERROR'],
  ['context a lone surrogate', post(ev({ context: { device: '\udc00' } })), 400, 'VALIDATION_ERROR'],
  [
    'POST /items: itemId with a control character',
    { ...post({ itemId: 'a\u0007', topic: 't' }), url: '/items' },
    400,
    'VALIDATION_ERROR',
  ],
  ['unknown event type', post(ev({ type: 'purchase' })), 400, 'VALIDATION_ERROR'],
  ['negative watchTime', post(ev({ watchTime: -1 })), 400, 'VALIDATION_ERROR'],
  ['watchTime a string', post(ev({ watchTime: '10' })), 400, 'VALIDATION_ERROR'],
  [
    'watchTime NaN (not JSON)',
    post('{"userId":"u1","itemId":"i1","type":"watch","watchTime":NaN}'),
    400,
    'INVALID_JSON',
  ],
  [
    'watchTime 1e999 (Infinity)',
    post('{"userId":"u1","itemId":"i1","type":"watch","watchTime":1e999}'),
    400,
    'VALIDATION_ERROR',
  ],
  ['watchTime in milliseconds by mistake', post(ev({ watchTime: 1e12 })), 400, 'VALIDATION_ERROR'],
  ['watchTime on an impression', post(ev({ type: 'impression' })), 400, 'VALIDATION_ERROR'],
  ['timestamp not a date', post(ev({ timestamp: 'not a date' })), 400, 'VALIDATION_ERROR'],
  ['timestamp year 0', post(ev({ timestamp: '0000-01-01T00:00:00Z' })), 400, 'VALIDATION_ERROR'],
  ['timestamp year 9999', post(ev({ timestamp: '9999-12-31T00:00:00Z' })), 400, 'VALIDATION_ERROR'],
  ['timestamp negative epoch', post(ev({ timestamp: -5 })), 400, 'VALIDATION_ERROR'],
  ['timestamp a float', post(ev({ timestamp: 1.5 })), 400, 'VALIDATION_ERROR'],
  ['unknown extra field', post(ev({ rating: 5 })), 400, 'VALIDATION_ERROR'],
  ['unknown context field', post(ev({ context: { os: 'x' } })), 400, 'VALIDATION_ERROR'],
  ['eventId empty', post(ev({ eventId: '' })), 400, 'VALIDATION_ERROR'],
  ['deeply nested JSON', post(deep), 400, 'VALIDATION_ERROR'],
  [
    '__proto__ key',
    post('{"userId":"u","itemId":"i","type":"watch","__proto__":{"x":1}}'),
    400,
    'INVALID_JSON',
  ],
  ['duplicate keys', post('{"userId":"u1","userId":"u2","itemId":"i1","type":"watch"}'), 400, 'INVALID_JSON'],
  [
    'duplicate keys, one escaped',
    post('[{"userId":"u1","\\u0075serId":"u2","itemId":"i1","type":"watch"}]'),
    400,
    'INVALID_JSON',
  ],
  ['empty array', post([]), 400, 'VALIDATION_ERROR'],
  ['array of 10,001 events', post(Array.from({ length: 10_001 }, () => ev())), 400, 'VALIDATION_ERROR'],
  // Over the 5 MB body limit before it is even parsed.
  ['array of 100,001 events', post(Array.from({ length: 100_001 }, () => ev())), 413, 'PAYLOAD_TOO_LARGE'],
  [
    'only the last event of a batch is bad',
    post([ev(), ev({ itemId: 'i2' }), ev({ type: 'nope' })]),
    400,
    'VALIDATION_ERROR',
  ],
  [
    'last event has a bad timestamp',
    post([ev(), ev({ timestamp: '9999-01-01T00:00:00Z' })]),
    400,
    'VALIDATION_ERROR',
  ],
  ['10 MB body', post(`[${'"x",'.repeat(2_500_000)}"x"]`), 413, 'PAYLOAD_TOO_LARGE'],
  ['text/plain', post(JSON.stringify(ev()), { 'content-type': 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
  [
    'JSON in latin1',
    post(JSON.stringify(ev()), { 'content-type': 'application/json; charset=iso-8859-1' }),
    415,
    'UNSUPPORTED_MEDIA_TYPE',
  ],
  [
    'form encoded',
    post('userId=u1', { 'content-type': 'application/x-www-form-urlencoded' }),
    415,
    'UNSUPPORTED_MEDIA_TYPE',
  ],
];

test('every malformed request gets its 4xx with the JSON error body, and nothing is stored', async (t) => {
  const { app, store, engine } = await build(t);
  for (const [name, req, status, code] of CASES) {
    const res = await app.inject(req);
    assert.equal(res.statusCode, status, `${name}: ${res.body.slice(0, 300)}`);
    assert.match(String(res.headers['content-type']), /application\/json/, name);
    assert.equal(errorCode(res), code, name);
  }
  assert.equal(await store.count(), 0, 'nothing stored from any rejected request');
  assert.equal(engine.observed.length, 0);
  assert.ok(CASES.length >= 50, `the matrix has ${CASES.length} cases`);
  t.diagnostic(`${CASES.length} malformed requests: each its 4xx with a JSON error body, nothing stored`);
});

test('ids in any script are accepted and echoed as given; so are slashes', async (t) => {
  const { app } = await build(t);
  for (const userId of ['ユーザー', 'пользователь', '🎬-fan', 'org/team/42', 'a..b']) {
    const res = await app.inject(post(ev({ userId })));
    assert.equal(res.statusCode, 202, `${userId}: ${res.body}`);
    const rec = await app.inject({ url: `/recommendations/${encodeURIComponent(userId)}` });
    assert.equal(rec.statusCode, 200, userId);
    assert.equal(rec.json().userId, userId);
  }
  const charset = await app.inject(post(ev(), { 'content-type': 'application/json; charset=UTF-8' }));
  assert.equal(charset.statusCode, 202, 'an explicit UTF-8 charset is fine');
});

test('duplicate keys are found at any depth, after unescaping, and only within one object', async () => {
  const { duplicateKey } = await import('../../src/http/json-body.ts');
  assert.equal(duplicateKey('{"a":1,"b":{"c":1,"c":2}}'), 'c');
  assert.equal(duplicateKey('{"a":1,"\\u0061":2}'), 'a');
  assert.equal(duplicateKey('[{"a":1},{"a":2}]'), undefined, 'sibling objects may share keys');
  assert.equal(duplicateKey('{"a":"a","b":["a","a"]}'), undefined, 'values are not keys');
  assert.equal(duplicateKey('{"a\\"":1,"a":2}'), undefined, 'an escaped quote does not end a key');
  assert.equal(duplicateKey(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), undefined, 'no recursion');
});

test('validation errors say which field and which event', async (t) => {
  const { app } = await build(t);
  const res = await app.inject(post([ev(), ev({ watchTime: 5, type: 'like' })]));
  const body = res.json();
  assert.match(body.error.message, /event 1: watchTime/);
  assert.deepEqual(body.error.details[0], {
    index: 1,
    field: 'watchTime',
    message: 'only allowed on watch events',
  });
});

test('a 5xx hides its internals', async (t) => {
  const { app, engine } = await build(t);
  engine.recommend = () => {
    throw new Error('secret stack detail');
  };
  const res = await app.inject({ url: '/recommendations/u1' });
  assert.equal(res.statusCode, 500);
  assert.deepEqual(res.json(), { error: { code: 'INTERNAL_ERROR', message: 'Internal server error' } });
});
