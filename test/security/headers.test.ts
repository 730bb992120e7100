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
