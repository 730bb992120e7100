import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StoreUnavailableError } from '../../src/errors.ts';
import { build, errorCode } from '../helpers/build-app.ts';

test('one event or an array: 202 with counts, stored and observed', async (t) => {
  const { app, store, engine } = await build(t);
  const one = await app.inject({
    method: 'POST',
    url: '/events',
    payload: { userId: 'u1', itemId: 'i1', type: 'watch', watchTime: 12.5 },
  });
  assert.equal(one.statusCode, 202);
  assert.deepEqual(one.json(), { accepted: 1, duplicates: 0 });
  const many = await app.inject({
    method: 'POST',
    url: '/events',
    payload: [
      { userId: 7, itemId: 42, type: 'impression', timestamp: '2026-01-02T03:04:05Z' },
      { userId: 'u1', itemId: 'i2', type: 'like', timestamp: 1_767_000_000_000, context: { device: 'tv' } },
    ],
  });
  assert.equal(many.statusCode, 202);
  assert.deepEqual(many.json(), { accepted: 2, duplicates: 0 });
  assert.equal(await store.count(), 3);
  const u7 = await store.byUser('7');
  assert.deepEqual(u7, [
    { userId: '7', itemId: '42', type: 'impression', timestamp: Date.parse('2026-01-02T03:04:05Z') },
  ]);
  const u1 = await store.byUser('u1');
  assert.deepEqual(u1[0].context ?? u1[1].context, { device: 'tv' });
  assert.equal(engine.observed.length, 3);
});

test('a missing timestamp defaults to now', async (t) => {
  const { app, store } = await build(t);
  const before = Date.now();
  await app.inject({ method: 'POST', url: '/events', payload: { userId: 'u', itemId: 'i', type: 'skip' } });
  const ts = (await store.byUser('u'))[0].timestamp;
  assert.ok(ts >= before && ts <= Date.now());
});

test('a retry with the same eventId is not stored twice', async (t) => {
  const { app, store } = await build(t);
  const payload = [
    { userId: 'u', itemId: 'i', type: 'watch', eventId: 'e-1' },
    { userId: 'u', itemId: 'j', type: 'watch', eventId: 'e-2' },
  ];
  assert.deepEqual((await app.inject({ method: 'POST', url: '/events', payload })).json(), {
    accepted: 2,
    duplicates: 0,
  });
  assert.deepEqual((await app.inject({ method: 'POST', url: '/events', payload })).json(), {
    accepted: 0,
    duplicates: 2,
  });
  assert.equal(await store.count(), 2);
});

test('recommendations: 200 shape, k honoured, posted watches leave the list', async (t) => {
  const { app } = await build(t);
  const res = await app.inject({ url: '/recommendations/u9?k=3' });
  assert.equal(res.statusCode, 200);
  const { recommendationId, ...rest } = res.json();
  assert.match(recommendationId, /^[\w-]{22}$/);
  assert.deepEqual(rest, {
    userId: 'u9',
    modelVersion: 'fake-1',
    items: [
      { itemId: 'i1', score: 100, rank: 1 },
      { itemId: 'i2', score: 99, rank: 2 },
      { itemId: 'i3', score: 98, rank: 3 },
    ],
    nextCursor: rest.nextCursor,
  });
  assert.ok(res.headers['x-request-id']);
  await app.inject({
    method: 'POST',
    url: '/events',
    payload: { userId: 'u9', itemId: 'i1', type: 'watch' },
  });
  assert.equal((await app.inject({ url: '/recommendations/u9?k=1' })).json().items[0].itemId, 'i2');
  assert.equal(
    (await app.inject({ url: '/recommendations/u9' })).json().items.length,
    10,
    'k defaults to 10',
  );
});

test('health: alive always, ready only with a model; 503 is a JSON error', async (t) => {
  const { app, engine } = await build(t);
  assert.deepEqual((await app.inject({ url: '/healthz' })).json(), { status: 'ok' });
  assert.deepEqual((await app.inject({ url: '/readyz' })).json(), {
    status: 'ready',
    modelVersion: 'fake-1',
  });
  engine.ready = false;
  assert.equal((await app.inject({ url: '/healthz' })).statusCode, 200);
  const r = await app.inject({ url: '/readyz' });
  assert.equal(r.statusCode, 503);
  assert.equal(r.json().error.code, 'MODEL_NOT_READY');
  const rec = await app.inject({ url: '/recommendations/u1' });
  assert.equal(rec.statusCode, 503);
  assert.equal(rec.json().error.code, 'MODEL_NOT_READY');
});

test('an incoming x-request-id is echoed', async (t) => {
  const { app } = await build(t);
  const res = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
  assert.equal(res.headers['x-request-id'], 'abc-123');
});

test('a store outage answers 503 STORE_UNAVAILABLE and acknowledges nothing', async (t) => {
  const { app, store, engine } = await build(t);
  store.append = async () => {
    throw new StoreUnavailableError(
      'event store (PostgreSQL) unavailable while appending: connection refused',
    );
  };
  const res = await app.inject({
    method: 'POST',
    url: '/events',
    payload: { userId: 'u', itemId: 'i', type: 'watch', eventId: 'e-9' },
  });
  assert.equal(res.statusCode, 503);
  assert.equal(errorCode(res), 'STORE_UNAVAILABLE');
  assert.equal(engine.observed.length, 0, 'nothing observed, so nothing served as if stored');
});

test('a search: 202, stored with its query apart from the item events, and observed', async (t) => {
  const { app, store, engine } = await build(t);
  const res = await app.inject({
    method: 'POST',
    url: '/events',
    payload: [
      { userId: 'u1', type: 'search', query: 'Space Opera!', timestamp: 1_767_000_000_000, eventId: 's1' },
      { userId: 'u1', itemId: 'i1', type: 'watch', timestamp: 1_767_000_000_001 },
    ],
  });
  assert.equal(res.statusCode, 202);
  assert.deepEqual(res.json(), { accepted: 2, duplicates: 0 });
  assert.deepEqual(await store.searchesByUser('u1'), [
    { userId: 'u1', type: 'search', query: 'Space Opera!', timestamp: 1_767_000_000_000, eventId: 's1' },
  ]);
  assert.deepEqual(
    (await store.byUser('u1')).map((e) => e.itemId),
    ['i1'],
  );
  assert.equal(engine.observed.length, 2);
});

test('a bad search is a 400 naming the field, and nothing of its batch is stored', async (t) => {
  const { app, store } = await build(t);
  const cases: [string, Record<string, unknown>, string][] = [
    ['no query', { userId: 'u', type: 'search' }, 'query'],
    ['an empty query', { userId: 'u', type: 'search', query: '' }, 'query'],
    ['a blank query', { userId: 'u', type: 'search', query: '   ' }, 'query'],
    ['a query over 512 characters', { userId: 'u', type: 'search', query: 'a'.repeat(513) }, 'query'],
    ['a query that is not a string', { userId: 'u', type: 'search', query: 42 }, 'query'],
    ['control characters in the query', { userId: 'u', type: 'search', query: 'a\u0000b' }, 'query'],
    ['an itemId on a search', { userId: 'u', type: 'search', query: 'x', itemId: 'i1' }, 'itemId'],
    ['a watchTime on a search', { userId: 'u', type: 'search', query: 'x', watchTime: 3 }, 'watchTime'],
    ['a query on a watch', { userId: 'u', itemId: 'i1', type: 'watch', query: 'x' }, 'query'],
    ['no itemId on a watch', { userId: 'u', type: 'watch' }, 'itemId'],
  ];
  for (const [name, bad, field] of cases) {
    const res = await app.inject({
      method: 'POST',
      url: '/events',
      payload: [{ userId: 'u', type: 'search', query: 'fine' }, bad],
    });
    assert.equal(res.statusCode, 400, name);
    assert.equal(errorCode(res), 'VALIDATION_ERROR', name);
    const body = res.json() as { error: { details: { field?: string; instancePath?: string }[] } };
    assert.ok(JSON.stringify(body.error.details).includes(field), `${name}: ${JSON.stringify(body)}`);
  }
  assert.equal(await store.count(), 0);
  const ok = await app.inject({
    method: 'POST',
    url: '/events',
    payload: { userId: 'u', type: 'search', query: 'é'.repeat(512) },
  });
  assert.equal(ok.statusCode, 202, 'exactly 512 characters is accepted');
});
