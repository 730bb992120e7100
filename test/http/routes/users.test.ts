import assert from 'node:assert/strict';
import { test } from 'node:test';
import { build, errorCode } from '../../helpers/build-app.ts';

test('GET /users/:userId/similar: 200 with the engine’s closest users, 10 by default', async (t) => {
  const { app } = await build(t);
  const res = await app.inject({ url: '/users/u7/similar' });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /application\/json/);
  const body = res.json();
  assert.deepEqual(Object.keys(body).sort(), ['modelVersion', 'userId', 'users']);
  assert.equal(body.userId, 'u7');
  assert.equal(body.modelVersion, 'fake-1');
  assert.equal(body.users.length, 10);
  assert.deepEqual(body.users[0], { userId: 'u8', score: 1, rank: 1 });
  assert.deepEqual(
    body.users.map((u: { rank: number }) => u.rank),
    Array.from({ length: 10 }, (_, i) => i + 1),
  );
  for (const u of body.users) assert.deepEqual(Object.keys(u).sort(), ['rank', 'score', 'userId']);
});

test('GET /users/:userId/similar?k= asks the engine for k users, 1..100', async (t) => {
  const { app } = await build(t);
  for (const k of [1, 3, 100]) {
    const res = await app.inject({ url: `/users/u1/similar?k=${k}` });
    assert.equal(res.statusCode, 200, `k ${k}`);
    assert.equal(res.json().users.length, k);
  }
});

test('GET /users/:userId/similar: k out of range or not an integer is a 400', async (t) => {
  const { app } = await build(t);
  for (const k of ['0', '101', '-1', '1.5', 'ten', '']) {
    const res = await app.inject({ url: `/users/u1/similar?k=${k}` });
    assert.equal(res.statusCode, 400, `k=${k}`);
    assert.equal(errorCode(res), 'VALIDATION_ERROR');
  }
  const extra = await app.inject({ url: '/users/u1/similar?kk=3' });
  assert.equal(extra.statusCode, 400, 'unknown query parameter');
  assert.equal(errorCode(extra), 'VALIDATION_ERROR');
});

test('GET /users/:userId/similar: a bad user id is a 400 naming the field', async (t) => {
  const { app } = await build(t);
  for (const url of [
    '/users/..%2F..%2Fetc/similar',
    '/users/a%00b/similar',
    `/users/${'u'.repeat(300)}/similar`,
  ]) {
    const res = await app.inject({ url });
    assert.equal(res.statusCode, 400, url);
    assert.equal(errorCode(res), 'VALIDATION_ERROR');
  }
  const res = await app.inject({ url: '/users/..%2Fx/similar' });
  assert.equal(res.json().error.details[0].field, 'userId');
});

test('GET /users/:userId/similar: an unknown user is a 404 USER_NOT_FOUND', async (t) => {
  const { app } = await build(t);
  const res = await app.inject({ url: '/users/nobody/similar' });
  assert.equal(res.statusCode, 404);
  assert.equal(errorCode(res), 'USER_NOT_FOUND');
  assert.match(res.json().error.message, /nobody/);
});

test('GET /users/:userId/similar: 503 MODEL_NOT_READY before a bundle is served', async (t) => {
  const { app, engine } = await build(t);
  engine.ready = false;
  const res = await app.inject({ url: '/users/u1/similar' });
  assert.equal(res.statusCode, 503);
  assert.equal(errorCode(res), 'MODEL_NOT_READY');
});
