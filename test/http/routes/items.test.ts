import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StoreUnavailableError } from '../../../src/errors.ts';
import { createMemoryStore } from '../../../src/events/memory-store.ts';
import { createFastify } from '../../../src/http/fastify.ts';
import { itemRoutes } from '../../../src/http/routes/items.ts';
import { FakeEngine } from '../../helpers/fake-engine.ts';

const item = (itemId: string, over: Record<string, unknown> = {}) => ({
  itemId,
  topic: 'news',
  tags: ['a'],
  durationSec: 60,
  publishedAt: 1_700_000_000_000,
  ...over,
});

async function app(t: import('node:test').TestContext) {
  const store = createMemoryStore();
  const engine = new FakeEngine();
  const a = createFastify({});
  await a.register(itemRoutes, { engine, store });
  await a.ready();
  t.after(() => a.close());
  const post = (payload: unknown) => a.inject({ method: 'POST', url: '/items', payload: payload as object });
  return { post, store, engine };
}

test('202 with the distinct items stored and how many the model can serve', async (t) => {
  const s = await app(t);
  s.engine.addItems = (items) => items.length - 1;
  const res = await s.post([item('a'), item('b'), item('a', { topic: 'sport' })]);
  assert.equal(res.statusCode, 202);
  assert.deepEqual(res.json(), { stored: 2, servable: 2 });
  assert.deepEqual(
    (await s.store.items()).map((i) => [i.itemId, i.topic]),
    [
      ['a', 'sport'],
      ['b', 'news'],
    ],
  );
});

test('one item alone is a batch of one', async (t) => {
  const s = await app(t);
  const res = await s.post(item('solo'));
  assert.deepEqual(res.json(), { stored: 1, servable: 1 });
  assert.deepEqual(s.engine.addedItems, [item('solo')]);
});

test('one bad id or tag refuses the whole batch: nothing stored, nothing served', async (t) => {
  const s = await app(t);
  const res = await s.post([item('ok'), item('../x'), item('c', { tags: ['fine', 'bad\u0007'] })]);
  assert.equal(res.statusCode, 400);
  const body = res.json();
  assert.equal(body.error.code, 'VALIDATION_ERROR');
  assert.deepEqual(
    body.error.details.map((d: { index: number; field: string }) => [d.index, d.field]),
    [
      [1, 'itemId'],
      [2, 'tags/1'],
    ],
  );
  assert.deepEqual(await s.store.items(), []);
  assert.deepEqual(s.engine.addedItems, []);
});

test('the schema refuses unknown fields and impossible durations before the handler', async (t) => {
  const s = await app(t);
  for (const bad of [
    item('a', { rating: 5 }),
    item('a', { durationSec: 0 }),
    item('a', { publishedAt: -1 }),
  ]) {
    const res = await s.post(bad);
    assert.equal(res.statusCode, 400, JSON.stringify(bad));
  }
  assert.deepEqual(await s.store.items(), []);
});

test('when the store fails the engine is not told', async (t) => {
  const s = await app(t);
  s.store.putItems = async () => {
    throw new StoreUnavailableError('down');
  };
  const res = await s.post(item('a'));
  assert.equal(res.statusCode, 503);
  assert.deepEqual(s.engine.addedItems, []);
});

test('an optional provider is accepted and stored as given', async (t) => {
  const s = await app(t);
  const res = await s.post([item('a', { provider: 'Studio Ghibli 映画' }), item('b')]);
  assert.equal(res.statusCode, 202);
  const stored = await s.store.items();
  assert.equal(stored[0].provider, 'Studio Ghibli 映画');
  assert.equal('provider' in stored[1], false, 'no provider: none stored');
});

test('a bad provider is a 400 naming the field, and nothing of the batch is stored', async (t) => {
  const s = await app(t);
  for (const provider of ['', 'x'.repeat(257), 42, null, ['a'], '   ', 'a\u0007b', '\udc00']) {
    const res = await s.post([item('ok'), item('bad', { provider })]);
    assert.equal(res.statusCode, 400, JSON.stringify(provider));
    assert.equal(res.json().error.code, 'VALIDATION_ERROR');
    assert.match(res.body, /provider/, `the error names the field (${JSON.stringify(provider)})`);
  }
  assert.deepEqual(await s.store.items(), []);
});
