import assert from 'node:assert/strict';
import { test } from 'node:test';
import { client, secureApp } from '../helpers/secure-app.ts';

test("the API's CSP allows nothing; security headers on answers and on refusals", async (t) => {
  const s = await secureApp(t);
  for (const [url, headers, status] of [
    ['/recommendations/u1', client, 200],
    ['/recommendations/u1', {}, 401],
    ['/healthz', {}, 200],
    ['/nope', client, 404],
  ] as const) {
    const res = await s.app.inject({ url, headers });
    assert.equal(res.statusCode, status, url);
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /default-src 'none'/, url);
    assert.match(csp, /frame-ancestors 'none'/, url);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, url);
    assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
    assert.ok(res.headers['strict-transport-security'], url);
    assert.equal(res.headers['referrer-policy'], 'no-referrer', url);
    assert.equal(res.headers['x-powered-by'], undefined, url);
  }
});

test('the CSP is relaxed on /docs only, as far as Swagger UI needs (scripts and styles from self)', async (t) => {
  const s = await secureApp(t);
  const page = await s.app.inject({ url: '/docs/' });
  assert.equal(page.statusCode, 200);
  const csp = String(page.headers['content-security-policy']);
  assert.match(csp, /script-src 'self'/);
  assert.match(csp, /object-src 'none'/);
  assert.doesNotMatch(csp, /unsafe-eval/);
  assert.doesNotMatch(csp, /upgrade-insecure-requests/, 'the UI works over plain http on localhost');
  const api = await s.app.inject({ url: '/healthz' });
  assert.match(String(api.headers['content-security-policy']), /default-src 'none'/);
});

/**
 * The exact set @fastify/helmet sent on every API answer when it ran per request (helmet 8.x under
 * API_CSP, captured before plugins/security-headers.ts computed it once at start): the same names
 * and values, nothing dropped, nothing added.
 */
const PREVIOUS_SET: Record<string, string> = {
  'content-security-policy': "default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};
/** What every answer carries besides the security headers. */
const OTHER = new Set(['content-type', 'content-length', 'date', 'connection', 'x-request-id', 'vary']);

test('the security headers are the set helmet sent per request, on answers, refusals, 404s, the router 400 and 414 answers and /docs', async (t) => {
  const s = await secureApp(t, { corsOrigins: 'https://app.example' });
  for (const [method, url, headers] of [
    ['GET', '/recommendations/u1', client],
    ['GET', '/recommendations/u1', {}],
    ['GET', '/healthz', {}],
    ['GET', '/nope', client],
    ['GET', '/metrics', {}],
    // The router's own answers (frameworkErrors), which no onRequest hook sees: 414 and 400.
    ['GET', `/recommendations/${'u'.repeat(5000)}`, client],
    ['GET', '/recommendations/%E0%A4%A', client],
    ['GET', '/recommendations/u1', { ...client, origin: 'https://app.example' }],
    [
      'OPTIONS',
      '/recommendations/u1',
      { origin: 'https://app.example', 'access-control-request-method': 'GET' },
    ],
  ] as const) {
    const res = await s.app.inject({ method, url, headers });
    const got = Object.fromEntries(
      Object.entries(res.headers).filter(([h]) => !OTHER.has(h) && !h.startsWith('access-control-')),
    );
    assert.deepEqual(got, PREVIOUS_SET, `${method} ${url} ${res.statusCode}`);
  }
  // /docs keeps Swagger UI's own CSP and every other header of the set.
  const docs = await s.app.inject({ url: '/docs/' });
  for (const [h, v] of Object.entries(PREVIOUS_SET))
    if (h !== 'content-security-policy') assert.equal(docs.headers[h], v, h);
  assert.match(String(docs.headers['content-security-policy']), /script-src 'self'/);
});
