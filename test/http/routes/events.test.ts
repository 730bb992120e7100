import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import type { StoredEvent } from '../../../src/data/types.ts';
import { StoreUnavailableError } from '../../../src/errors.ts';
import { createMemoryStore } from '../../../src/events/memory-store.ts';
import { createFastify } from '../../../src/http/fastify.ts';
import type { Metrics } from '../../../src/http/plugins/metrics.ts';
import { eventRoutes } from '../../../src/http/routes/events.ts';
import { build, errorCode } from '../../helpers/build-app.ts';
import { FakeEngine } from '../../helpers/fake-engine.ts';

/** POST /events alone, recording the order of store, engine and metrics calls. */
async function app(t: import('node:test').TestContext) {
  const order: string[] = [];
  const store = createMemoryStore();
  const engine = new FakeEngine();
  const append = store.append.bind(store);
  store.append = async (events) => {
    order.push('store');
    return append(events);
  };
  const observe = engine.observe.bind(engine);
  engine.observe = async (events) => {
    order.push('engine');
    return observe(events);
  };
  const ingested: [readonly StoredEvent[], number, number][] = [];
  const metrics: Metrics = {
    registry: new Registry(),
    eventsIngested: (events, stored, dups) => {
      order.push('metrics');
      ingested.push([events, stored, dups]);
    },
    stageTimings: () => {},
  };
  const a = createFastify({});
  await a.register(eventRoutes, { engine, store, metrics });
  await a.ready();
  t.after(() => a.close());
  const post = (payload: unknown) => a.inject({ method: 'POST', url: '/events', payload: payload as object });
  return { post, order, store, engine, ingested };
}

test('durable first, then served, then counted, then 202 with the counts', async (t) => {
  const s = await app(t);
  const res = await s.post([
    { userId: 'u1', itemId: 'i1', type: 'watch', watchTime: 30, eventId: 'e1' },
    { userId: 'u1', itemId: 'i2', type: 'like', eventId: 'e2' },
  ]);
  assert.equal(res.statusCode, 202);
  assert.deepEqual(res.json(), { accepted: 2, duplicates: 0 });
  assert.deepEqual(s.order, ['store', 'engine', 'metrics']);
  assert.equal(await s.store.count(), 2);
  assert.equal(s.engine.observed.length, 2);
  assert.equal(s.ingested[0][1], 2);
});

test('ids are normalised (integers to their decimal string) and a missing timestamp is the time received', async (t) => {
  const s = await app(t);
  const before = Date.now();
  await s.post({ userId: 42, itemId: 7, type: 'skip' });
  const [ev] = s.engine.observed;
  assert.equal(ev.userId, '42');
  assert.equal(ev.itemId, '7');
  assert.ok(ev.timestamp >= before && ev.timestamp <= Date.now());
  assert.deepEqual(await s.store.byUser('42'), [ev]);
});

test('a retried batch is counted as duplicates, and the engine still sees it', async (t) => {
  const s = await app(t);
  const ev = { userId: 'u', itemId: 'i', type: 'like', eventId: 'same' };
  await s.post(ev);
  const res = await s.post(ev);
  assert.deepEqual(res.json(), { accepted: 0, duplicates: 1 });
  assert.deepEqual(
    s.ingested.map(([events, stored, dups]) => [events.length, stored, dups]),
    [
      [1, 1, 0],
      [1, 0, 1],
    ],
  );
});

test('a batch with one bad event stores nothing and reaches neither the engine nor the metrics', async (t) => {
  const s = await app(t);
  const res = await s.post([
    { userId: 'u', itemId: 'i', type: 'watch' },
    { userId: 'u', itemId: 'i', type: 'like', watchTime: 3 },
  ]);
  assert.equal(res.statusCode, 400);
  assert.equal(res.json().error.code, 'VALIDATION_ERROR');
  assert.deepEqual(s.order, []);
});

test('a store outage is 503 and nothing is served or counted', async (t) => {
  const s = await app(t);
  s.store.append = async () => {
    throw new StoreUnavailableError('database is down');
  };
  const res = await s.post({ userId: 'u', itemId: 'i', type: 'like' });
  assert.equal(res.statusCode, 503);
  assert.equal(res.json().error.code, 'STORE_UNAVAILABLE');
  assert.equal(s.engine.observed.length, 0);
  assert.equal(s.ingested.length, 0);
});

test('POST /events: recommendationId and position are stored; bad ones are a 400 and nothing is stored', async (t) => {
  const { app, store } = await build(t);
  const ok = { userId: 'u', itemId: 'i', type: 'watch', recommendationId: 'Ab_9-z', position: 0 };
  const res = await app.inject({ method: 'POST', url: '/events', payload: ok });
  assert.equal(res.statusCode, 202);
  const [stored] = await store.byUser('u');
  assert.equal(stored.recommendationId, 'Ab_9-z');
  assert.equal(stored.position, 0);
  for (const bad of [
    { recommendationId: 'has space' },
    { recommendationId: 'x'.repeat(65) },
    { recommendationId: '' },
    { recommendationId: 7 },
    { position: -1 },
    { position: 1000 },
    { position: 1.5 },
    { position: '3' },
  ]) {
    const r = await app.inject({ method: 'POST', url: '/events', payload: [ok, { ...ok, ...bad }] });
    assert.equal(r.statusCode, 400, JSON.stringify(bad));
    assert.equal(errorCode(r), 'VALIDATION_ERROR');
  }
  const search = { userId: 'u', type: 'search', query: 'q', position: 1 };
  const r = await app.inject({ method: 'POST', url: '/events', payload: search });
  assert.equal(r.statusCode, 400);
  assert.match(r.body, /position/);
  assert.equal(await store.count(), 1);
});
