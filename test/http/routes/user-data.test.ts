import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RecoEvent } from '../../../src/data/types.ts';
import { encodeCursor } from '../../../src/http/event-cursor.ts';
import { build, errorCode } from '../../helpers/build-app.ts';
import { admin, client, secureApp } from '../../helpers/secure-app.ts';

const watch = (userId: string, itemId: string, timestamp: number): RecoEvent => ({
  userId,
  itemId,
  type: 'watch',
  timestamp,
});

test('GET /users/:userId/events: newest first, searches among them, paged by an opaque cursor', async (t) => {
  const { app, store } = await build(t);
  await store.append([watch('u1', 'a', 1000), watch('u1', 'b', 3000), watch('u2', 'x', 2000)]);
  await store.append([
    { userId: 'u1', type: 'search', query: 'noir', timestamp: 2000, eventId: 's1' },
    { userId: 'u1', itemId: 'c', type: 'impression', timestamp: 4000, recommendationId: 'r1', position: 2 },
  ]);
  const first = await app.inject({ url: '/users/u1/events?limit=2' });
  assert.equal(first.statusCode, 200);
  const body = first.json();
  assert.equal(body.userId, 'u1');
  assert.deepEqual(body.events, [
    { itemId: 'c', type: 'impression', timestamp: 4000, recommendationId: 'r1', position: 2 },
    { itemId: 'b', type: 'watch', timestamp: 3000 },
  ]);
  assert.equal(typeof body.nextCursor, 'string');
  assert.match(body.nextCursor, /^[A-Za-z0-9_-]+$/, 'base64url');
  // Written meanwhile: newer events do not shift the next page.
  await store.append([watch('u1', 'late', 9000)]);
  const next = await app.inject({ url: `/users/u1/events?limit=2&cursor=${body.nextCursor}` });
  assert.deepEqual(next.json().events, [
    { type: 'search', query: 'noir', timestamp: 2000, eventId: 's1' },
    { itemId: 'a', type: 'watch', timestamp: 1000 },
  ]);
  assert.equal(next.json().nextCursor, undefined, 'the last page has no cursor');
  const one = await app.inject({ url: '/users/u1/events?limit=4' });
  const rest = await app.inject({ url: `/users/u1/events?limit=2&cursor=${one.json().nextCursor}` });
  assert.deepEqual(
    rest.json().events.map((e: { timestamp: number }) => e.timestamp),
    [1000],
  );
  const searches = await app.inject({ url: '/users/u1/events?type=search' });
  assert.deepEqual(
    searches.json().events.map((e: { type: string }) => e.type),
    ['search'],
  );
  const nobody = await app.inject({ url: '/users/nobody/events' });
  assert.deepEqual(nobody.json(), { userId: 'nobody', events: [] }, 'an unknown user: an empty page');
});

test('GET /users/:userId/events: a bad cursor, limit, type or id is a 400 naming it', async (t) => {
  const { app } = await build(t);
  const bad = [
    ['cursor=bm90LWEtY3Vyc29y', 'cursor'], // base64url of "not-a-cursor"
    ['cursor=%21%21', 'cursor'],
    [`cursor=${encodeCursor({ ts: 5, seq: 1 })}x`, 'cursor'],
    ['cursor=', 'cursor'],
    ['limit=0', 'limit'],
    ['limit=1001', 'limit'],
    ['limit=1.5', 'limit'],
    ['type=play', 'type'],
    ['since=1', 'since'],
  ];
  for (const [query, field] of bad) {
    const res = await app.inject({ url: `/users/u1/events?${query}` });
    assert.equal(res.statusCode, 400, query);
    assert.equal(errorCode(res), 'VALIDATION_ERROR', query);
    assert.match(res.body, new RegExp(field), `${query} names ${field}`);
  }
  const id = await app.inject({ url: '/users/%01x/events' });
  assert.equal(id.statusCode, 400);
  assert.equal(errorCode(id), 'VALIDATION_ERROR');
});

test('DELETE /users/:userId: 202 once the store erased them, then serving forgets them', async (t) => {
  const { app, store, engine } = await build(t);
  await store.append([watch('u1', 'a', 1000), watch('u2', 'b', 1000)]);
  await store.append([{ userId: 'u1', type: 'search', query: 'noir', timestamp: 5 }]);
  const res = await app.inject({ method: 'DELETE', url: '/users/u1' });
  assert.equal(res.statusCode, 202);
  assert.deepEqual(res.json(), { userId: 'u1', erasedEvents: 2 });
  assert.deepEqual(engine.forgotten, ['u1']);
  assert.deepEqual(await store.userEvents('u1', { limit: 10 }), []);
  assert.equal((await store.byUser('u2')).length, 1, 'other users keep theirs');
  assert.equal(typeof (await store.erasedAt('u1')), 'number');
  const again = await app.inject({ method: 'DELETE', url: '/users/u1' });
  assert.deepEqual(again.json(), { userId: 'u1', erasedEvents: 0 }, 'idempotent');
});

test('DELETE /users/:userId: a bad id is a 400 and nothing is erased', async (t) => {
  const { app, store, engine } = await build(t);
  await store.append([watch('u1', 'a', 1000)]);
  for (const url of ['/users/%01', '/users/a%2F..%2Fb', `/users/${'x'.repeat(257)}`]) {
    const res = await app.inject({ method: 'DELETE', url });
    assert.equal(res.statusCode, 400, url);
    assert.equal(errorCode(res), 'VALIDATION_ERROR');
  }
  assert.equal(await store.count(), 1);
  assert.deepEqual(await store.erasedUsers(), new Map());
  assert.deepEqual(engine.forgotten, []);
});

test('GET /users/:userId: the served state; unknown: 404 USER_NOT_FOUND', async (t) => {
  const { app, engine } = await build(t);
  await engine.observe([watch('u3', 'a', 1000), watch('u3', 'b', 2000)]);
  const res = await app.inject({ url: '/users/u3' });
  assert.equal(res.statusCode, 200);
  const body = res.json();
  assert.deepEqual(body.watches, [
    { itemId: 'b', at: 2000 },
    { itemId: 'a', at: 1000 },
  ]);
  assert.equal(body.counts.watch, 2);
  assert.deepEqual(body.known, { bundle: true, store: true });
  const unknown = await app.inject({ url: '/users/nobody' });
  assert.equal(unknown.statusCode, 404);
  assert.equal(errorCode(unknown), 'USER_NOT_FOUND');
  const bad = await app.inject({ url: '/users/%7F' });
  assert.equal(bad.statusCode, 400);
});

test("a user's data needs an admin key: a client key is refused and nothing is erased", async (t) => {
  const { app, store } = await secureApp(t);
  await store.append([watch('u1', 'a', 1000)]);
  for (const [method, url] of [
    ['GET', '/users/u1/events'],
    ['GET', '/users/u1'],
    ['DELETE', '/users/u1'],
  ] as const) {
    const none = await app.inject({ method, url });
    assert.equal(none.statusCode, 401, `${method} ${url} without a key`);
    const withClient = await app.inject({ method, url, headers: client });
    assert.equal(withClient.statusCode, 403, `${method} ${url} with a client key`);
    assert.equal(errorCode(withClient), 'FORBIDDEN');
  }
  assert.equal(await store.count(), 1);
  const erased = await app.inject({ method: 'DELETE', url: '/users/u1', headers: admin });
  assert.equal(erased.statusCode, 202);
  assert.equal(await store.count(), 0);
});
