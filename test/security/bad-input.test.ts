import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { InjectOptions } from 'fastify';
import { errorCode } from '../helpers/build-app.ts';
import { http11, portOf, rawRequest } from '../helpers/raw-http.ts';
import { client, secureApp } from '../helpers/secure-app.ts';

// The cases this issue adds to test/http/bad-input.test.ts's matrix (63 there), with keys on.
const ev = (over: Record<string, unknown> = {}) => ({ userId: 'u1', itemId: 'i1', type: 'watch', ...over });
const item = (over: Record<string, unknown> = {}) => ({
  itemId: 'n1',
  topic: 'drama',
  tags: ['a'],
  durationSec: 60,
  publishedAt: 1_700_000_000_000,
  ...over,
});
const post = (url: string, payload: unknown): InjectOptions => ({
  method: 'POST',
  url,
  payload: typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload),
  headers: { 'content-type': 'application/json', ...client },
});
const get = (url: string): InjectOptions => ({ url, headers: client });
const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

const CASES: [string, InjectOptions, number, string][] = [
  // Invalid UTF-8 was decoded to U+FFFD and stored.
  [
    'invalid UTF-8 in an id',
    post('/events', bytes('{"userId":"u', [0xff], '","itemId":"i","type":"skip"}')),
    400,
    'INVALID_UTF8',
  ],
  [
    'truncated UTF-8 sequence',
    post('/events', bytes('{"userId":"', [0xe2, 0x82], '","itemId":"i","type":"skip"}')),
    400,
    'INVALID_UTF8',
  ],
  [
    'overlong UTF-8 encoding',
    post('/events', bytes('{"userId":"', [0xc0, 0xaf], '","itemId":"i","type":"skip"}')),
    400,
    'INVALID_UTF8',
  ],
  [
    'UTF-8 encoded surrogate',
    post(
      '/items',
      bytes('{"itemId":"', [0xed, 0xa0, 0x80], '","topic":"t","tags":[],"durationSec":1,"publishedAt":0}'),
    ),
    400,
    'INVALID_UTF8',
  ],
  // POST /items checks topics and tags as POST /events checks ids.
  ['item topic blank', post('/items', item({ topic: '   ' })), 400, 'VALIDATION_ERROR'],
  [
    'item topic with a control character',
    post('/items', item({ topic: 'dr\u0001ama' })),
    400,
    'VALIDATION_ERROR',
  ],
  [
    'item topic a lone surrogate',
    post('/items', '{"itemId":"n1","topic":"\\ud83d","tags":[],"durationSec":1,"publishedAt":0}'),
    400,
    'VALIDATION_ERROR',
  ],
  ['item tag blank', post('/items', item({ tags: ['ok', ' '] })), 400, 'VALIDATION_ERROR'],
  ['item tag with a newline', post('/items', item({ tags: ['a\nb'] })), 400, 'VALIDATION_ERROR'],
  [
    'item tag a lone surrogate',
    post('/items', '{"itemId":"n1","topic":"t","tags":["\\udfff"],"durationSec":1,"publishedAt":0}'),
    400,
    'VALIDATION_ERROR',
  ],
  ['itemId blank', post('/items', item({ itemId: ' \t' })), 400, 'VALIDATION_ERROR'],
  [
    'itemId a lone surrogate',
    post('/items', '{"itemId":"\\ud800","topic":"t","tags":[],"durationSec":1,"publishedAt":0}'),
    400,
    'VALIDATION_ERROR',
  ],
  ['itemId climbs directories', post('/items', item({ itemId: 'a/../../b' })), 400, 'VALIDATION_ERROR'],
  [
    'second item of a batch bad',
    post('/items', [item(), item({ itemId: 'n2', topic: '' })]),
    400,
    'VALIDATION_ERROR',
  ],
  ['event context blank', post('/events', ev({ context: { device: '  ' } })), 400, 'VALIDATION_ERROR'],
  [
    'event context control character',
    post('/events', ev({ context: { country: 'D\u001bE' } })),
    400,
    'VALIDATION_ERROR',
  ],
  // Integers in URLs: only plain decimals.
  ...['0x10', '+10', '1e1', '10.0', '%2010', '10%20', '', '0b1', '1_0', '١٠', 'Infinity'].map(
    (k): [string, InjectOptions, number, string] => [
      `k=${k}`,
      get(`/recommendations/u1?k=${k}`),
      400,
      'VALIDATION_ERROR',
    ],
  ),
  ['similar k=0x5', get('/items/i1/similar?k=0x5'), 400, 'VALIDATION_ERROR'],
  ['maxPerTopic=+1', get('/recommendations/u1?maxPerTopic=%2B1'), 400, 'VALIDATION_ERROR'],
  ['maxAgeDays=1e3', get('/recommendations/u1?maxAgeDays=1e3'), 400, 'VALIDATION_ERROR'],
  ['diversityLambda=.5', get('/recommendations/u1?diversityLambda=.5'), 400, 'VALIDATION_ERROR'],
  ['k twice', get('/recommendations/u1?k=1&k=0x2'), 400, 'VALIDATION_ERROR'],
  // Encodings.
  [
    'gzip body',
    { ...post('/events', ev()), headers: { ...post('/events', ev()).headers, 'content-encoding': 'gzip' } },
    415,
    'UNSUPPORTED_CONTENT_ENCODING',
  ],
];

test('the extended bad-input table: each a 4xx in the error shape, nothing stored', async (t) => {
  const s = await secureApp(t);
  for (const [name, req, status, code] of CASES) {
    const res = await s.app.inject(req);
    assert.equal(res.statusCode, status, `${name}: ${res.body.slice(0, 200)}`);
    assert.equal(errorCode(res), code, name);
  }
  assert.equal(await s.store.count(), 0);
  assert.equal((await s.store.items()).length, 0);
  t.diagnostic(`${CASES.length} more malformed requests`);
  // And the plain forms still work.
  assert.equal((await s.app.inject(get('/recommendations/u1?k=010'))).statusCode, 200);
  assert.equal((await s.app.inject(get('/recommendations/u1?maxAgeDays=1.5'))).statusCode, 200);
  assert.equal((await s.app.inject(post('/items', item({ topic: 'ドラマ', tags: ['🎬'] })))).statusCode, 202);
});

test('errors raised before any route come out in the documented error shape', async (t) => {
  const s = await secureApp(t);
  await s.app.listen({ port: 0, host: '127.0.0.1' });
  const port = portOf(s.app);
  const cases: [string, string, number, string][] = [
    ['malformed request line', 'GARBAGE\r\n\r\n', 400, 'MALFORMED_REQUEST'],
    ['bad HTTP version', 'GET /healthz HTTP/9.9\r\nhost: x\r\n\r\n', 400, 'MALFORMED_REQUEST'],
    ['HTTP/2.0 on an HTTP/1 port', 'GET /healthz HTTP/2.0\r\nhost: x\r\n\r\n', 400, 'MALFORMED_REQUEST'],
    ['HTTP/1.1 without Host', 'GET /healthz HTTP/1.1\r\nconnection: close\r\n\r\n', 400, 'MALFORMED_REQUEST'],
    ['header without a colon', 'GET /healthz HTTP/1.1\r\nhost x\r\n\r\n', 400, 'MALFORMED_REQUEST'],
    [
      'headers too large',
      http11('GET', '/healthz', { 'x-big': 'a'.repeat(70_000) }),
      431,
      'HEADERS_TOO_LARGE',
    ],
    [
      'Content-Length and chunked together',
      'POST /events HTTP/1.1\r\nhost: x\r\ncontent-length: 3\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n',
      400,
      'MALFORMED_REQUEST',
    ],
    [
      'negative Content-Length',
      http11('POST', '/events', { ...client, 'content-length': '-1' }),
      400,
      'MALFORMED_REQUEST',
    ],
    [
      'bad JSON',
      http11('POST', '/events', { ...client, 'content-type': 'application/json' }, '{"a":'),
      400,
      'INVALID_JSON',
    ],
    [
      'unsupported media type',
      http11('POST', '/events', { ...client, 'content-type': 'text/csv' }, 'a,b'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'body too large',
      http11('POST', '/events', {
        ...client,
        'content-type': 'application/json',
        'content-length': '99999999',
      }),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    ['bad percent-encoding', http11('GET', '/recommendations/%E0%A4%A', client), 400, 'BAD_URL'],
  ];
  for (const [name, raw, status, code] of cases) {
    const res = await rawRequest(port, raw);
    assert.equal(res.status, status, `${name}: ${res.body.slice(0, 200)}`);
    assert.match(res.headers['content-type'] ?? '', /application\/json/, name);
    assert.equal(JSON.parse(res.body).error.code, code, name);
  }
  assert.equal(await s.store.count(), 0);
});
