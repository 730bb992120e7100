import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { ADMIN_KEY, admin, CLIENT_KEY, client, secureApp } from '../helpers/secure-app.ts';

const ev = { userId: 'u1', itemId: 'i1', type: 'watch', watchTime: 5 };

test('the anonymous attack of the issue is refused: no events stored, no retrain started', async (t) => {
  const s = await secureApp(t);
  const items = Array.from({ length: 10 }, (_, i) => ({ ...ev, userId: 'stranger', itemId: `x${i}` }));
  const posted = await s.app.inject({ method: 'POST', url: '/events', payload: items });
  assert.equal(posted.statusCode, 401);
  assert.equal(posted.json().error.code, 'UNAUTHORIZED');
  const retrain = await s.app.inject({ method: 'POST', url: '/admin/retrain' });
  assert.equal(retrain.statusCode, 401);
  assert.equal(await s.store.count(), 0, 'nothing was stored');
  assert.equal(s.retrains, 0, 'no training was started');
});

test('a client key reads and writes, but gets 403 (not 401) on admin routes', async (t) => {
  const s = await secureApp(t);
  assert.equal((await s.app.inject({ url: '/recommendations/u1', headers: client })).statusCode, 200);
  const post = await s.app.inject({ method: 'POST', url: '/events', payload: ev, headers: client });
  assert.equal(post.statusCode, 202);
  for (const url of ['/admin/retrain', '/admin/reload']) {
    const res = await s.app.inject({ method: 'POST', url, headers: client });
    assert.equal(res.statusCode, 403, url);
    assert.equal(res.json().error.code, 'FORBIDDEN');
  }
  assert.equal(s.retrains + s.reloads, 0);
});

test('an admin key runs admin routes and is valid on client routes too; bearer works', async (t) => {
  const s = await secureApp(t);
  assert.equal(
    (await s.app.inject({ method: 'POST', url: '/admin/retrain', headers: admin })).statusCode,
    202,
  );
  const bearer = { authorization: `Bearer ${ADMIN_KEY}` };
  assert.equal(
    (await s.app.inject({ method: 'POST', url: '/admin/reload', headers: bearer })).statusCode,
    200,
  );
  assert.equal((await s.app.inject({ url: '/recommendations/u1', headers: admin })).statusCode, 200);
  assert.equal(s.retrains, 1);
  assert.equal(s.reloads, 1);
});

test('keys may be given as sha256 hashes; a wrong key is 401 on every kind of route', async (t) => {
  const hash = (k: string) => `sha256:${createHash('sha256').update(k).digest('hex')}`;
  const s = await secureApp(t, { apiKeys: hash(CLIENT_KEY), adminKeys: hash(ADMIN_KEY) });
  assert.equal((await s.app.inject({ url: '/recommendations/u1', headers: client })).statusCode, 200);
  assert.equal(
    (await s.app.inject({ method: 'POST', url: '/admin/reload', headers: admin })).statusCode,
    200,
  );
  const wrong = { 'x-api-key': 'guess' };
  for (const [method, url] of [
    ['GET', '/recommendations/u1'],
    ['POST', '/events'],
    ['POST', '/admin/retrain'],
    ['GET', '/no-such-route'],
  ] as const) {
    const res = await s.app.inject({ method, url, headers: wrong });
    assert.equal(res.statusCode, 401, `${method} ${url}`);
  }
});

test('no admin keys on a networked server: admin routes are off (403 even for a local caller)', async (t) => {
  const s = await secureApp(t, { adminKeys: '', loopbackOnly: false });
  for (const headers of [{}, client]) {
    const res = await s.app.inject({ method: 'POST', url: '/admin/retrain', headers });
    assert.equal(res.statusCode, 403);
    assert.match(res.json().error.message, /RECO_ADMIN_KEYS/);
  }
  assert.equal(s.retrains, 0);
});

test('no keys at all on a loopback server (the demo): everything answers local clients', async (t) => {
  const s = await secureApp(t, { apiKeys: '', adminKeys: '', loopbackOnly: true });
  // inject() connects from 127.0.0.1, as a local curl does.
  assert.equal((await s.app.inject({ url: '/recommendations/u1' })).statusCode, 200);
  assert.equal((await s.app.inject({ method: 'POST', url: '/admin/retrain' })).statusCode, 202);
  const remote = await s.app.inject({ method: 'POST', url: '/admin/retrain', remoteAddress: '10.1.2.3' });
  assert.equal(remote.statusCode, 403, 'a non-local address never reaches admin without an admin key');
});
