import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FailureLimiter } from '../../src/http/plugins/failure-limiter.ts';
import { http11, portOf, rawRequest } from '../helpers/raw-http.ts';
import { client, secureApp } from '../helpers/secure-app.ts';

test('failed authentications per client IP: 429 with Retry-After, counted in /metrics', async (t) => {
  const s = await secureApp(t, { authFailureLimit: 3 });
  const guess = (remoteAddress: string, headers: Record<string, string> = { 'x-api-key': 'guess' }) =>
    s.app.inject({ url: '/recommendations/u1', headers, remoteAddress });
  for (let i = 0; i < 3; i++) assert.equal((await guess('10.0.0.1')).statusCode, 401);
  const limited = await guess('10.0.0.1');
  assert.equal(limited.statusCode, 429);
  assert.equal(limited.json().error.code, 'RATE_LIMITED');
  const retryAfter = Number(limited.headers['retry-after']);
  assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
  // Blocked means blocked: the right key is not even checked, so guesses learn nothing.
  assert.equal((await guess('10.0.0.1', client)).statusCode, 429);
  assert.equal((await guess('10.0.0.2', client)).statusCode, 200, 'other addresses are unaffected');
  assert.equal((await guess('10.0.0.1', {})).statusCode, 429);
  assert.equal(
    (await s.app.inject({ url: '/healthz', remoteAddress: '10.0.0.1' })).statusCode,
    200,
    'open routes stay open',
  );
  const metrics = (await s.app.inject({ url: '/metrics' })).body;
  assert.match(metrics, /reco_auth_failures_total\{reason="invalid_key"\} 3/);
  assert.match(metrics, /reco_rate_limited_total\{limit="auth_failures"\} 3/);
});

test('a client key on an admin route is 403 and does not count as a guess', async (t) => {
  const s = await secureApp(t, { authFailureLimit: 2 });
  for (let i = 0; i < 5; i++)
    assert.equal(
      (await s.app.inject({ method: 'POST', url: '/admin/retrain', headers: client })).statusCode,
      403,
    );
  assert.equal((await s.app.inject({ url: '/recommendations/u1', headers: client })).statusCode, 200);
});

test('refused before the body is read: a 1 GB Content-Length gets its answer at once', async (t) => {
  const s = await secureApp(t, { authFailureLimit: 1 });
  await s.app.listen({ port: 0, host: '127.0.0.1' });
  const head = http11('POST', '/events', {
    'content-type': 'application/json',
    'content-length': '1000000000',
  });
  const first = await rawRequest(portOf(s.app), head, 5000);
  assert.equal(first.status, 401);
  const second = await rawRequest(portOf(s.app), head, 5000);
  assert.equal(second.status, 429);
  assert.ok(second.headers['retry-after']);
  assert.equal(await s.store.count(), 0);
});

test('the per-key limit stays and is counted beside the auth limit', async (t) => {
  const s = await secureApp(t, { rateLimitPerMinute: 2 });
  for (let i = 0; i < 2; i++)
    assert.equal((await s.app.inject({ url: '/recommendations/u1', headers: client })).statusCode, 200);
  const limited = await s.app.inject({ url: '/recommendations/u1', headers: client });
  assert.equal(limited.statusCode, 429);
  assert.ok(limited.headers['retry-after']);
  assert.match(
    (await s.app.inject({ url: '/metrics' })).body,
    /reco_rate_limited_total\{limit="per_key"\} 1/,
  );
});

test('FailureLimiter: windows expire, memory stays bounded', () => {
  let now = 0;
  const l = new FailureLimiter(2, 1000, () => now);
  l.fail('a');
  assert.equal(l.blockedFor('a'), 0);
  l.fail('a');
  assert.equal(l.blockedFor('a'), 1000);
  now = 600;
  assert.equal(l.blockedFor('a'), 400);
  now = 1000;
  assert.equal(l.blockedFor('a'), 0, 'the window ended');
  for (let i = 0; i < 150_000; i++) l.fail(`ip${i}`);
  assert.ok(l.size <= 100_000, `tracked ${l.size}`);
  assert.equal(new FailureLimiter(0, 1000).blockedFor('a'), 0);
});
