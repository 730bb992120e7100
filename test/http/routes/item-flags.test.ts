import assert from 'node:assert/strict';
import { test } from 'node:test';
import { build, errorCode } from '../../helpers/build-app.ts';
import { client, secureApp } from '../../helpers/secure-app.ts';

const patch = (itemId: string, payload: object) => ({
  method: 'PATCH' as const,
  url: `/items/${encodeURIComponent(itemId)}`,
  payload,
});

test('PATCH hidden: durable in the store first, then served; false shows the item again', async (t) => {
  const { app, engine, store } = await build(t);
  const hide = await app.inject(patch('i3', { hidden: true }));
  assert.equal(hide.statusCode, 200, hide.body);
  assert.deepEqual(hide.json(), { itemId: 'i3', hidden: true, retired: false });
  assert.deepEqual([...(await store.itemFlags())], [['i3', { hidden: true, retired: false }]]);
  assert.deepEqual([...engine.flags], [['i3', { hidden: true, retired: false }]]);
  assert.deepEqual(engine.updatedItems, [], 'no content field, no re-embedding');
  const show = await app.inject(patch('i3', { hidden: false }));
  assert.deepEqual(show.json(), { itemId: 'i3', hidden: false, retired: false });
  assert.equal((await store.itemFlags()).size, 0, 'an item with no flag is forgotten');
  assert.equal(engine.flags.size, 0);
});

test('PATCH content: merged over the record, stored, re-embedded at once', async (t) => {
  const { app, engine, store } = await build(t);
  await store.putItems([{ itemId: 'n1', topic: 'news', tags: ['a'], durationSec: 30, publishedAt: 5 }]);
  const res = await app.inject(patch('n1', { topic: 'sport', durationSec: 90 }));
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json(), { itemId: 'n1', hidden: false, retired: false, reembedded: false });
  const updated = { itemId: 'n1', topic: 'sport', tags: ['a'], durationSec: 90, publishedAt: 5 };
  assert.deepEqual(await store.items(), [updated]);
  assert.deepEqual(engine.updatedItems, [updated]);
  // A bundle item not in the store: its served record is the base.
  const served = await app.inject(patch('i7', { tags: ['x'], provider: 'studio', hidden: true }));
  assert.deepEqual(served.json(), { itemId: 'i7', hidden: true, retired: false, reembedded: true });
  assert.deepEqual(engine.updatedItems[1], {
    itemId: 'i7',
    topic: 'news',
    tags: ['x'],
    durationSec: 60,
    publishedAt: 0,
    provider: 'studio',
  });
  assert.equal(engine.flags.get('i7')?.hidden, true);
});

test('DELETE retires for good: hidden, 202, idempotent; hidden:false is then 409 and changes nothing', async (t) => {
  const { app, engine, store } = await build(t);
  const del = await app.inject({ method: 'DELETE', url: '/items/i2' });
  assert.equal(del.statusCode, 202, del.body);
  assert.deepEqual(del.json(), { itemId: 'i2', hidden: true, retired: true });
  assert.equal((await app.inject({ method: 'DELETE', url: '/items/i2' })).statusCode, 202);
  assert.deepEqual([...engine.flags], [['i2', { hidden: true, retired: true }]]);
  const back = await app.inject(patch('i2', { hidden: false, topic: 'sport' }));
  assert.equal(back.statusCode, 409);
  assert.equal(errorCode(back), 'ITEM_RETIRED');
  assert.deepEqual([...(await store.itemFlags())], [['i2', { hidden: true, retired: true }]]);
  assert.deepEqual(await store.items(), [], 'the refused content was not stored');
  assert.deepEqual(engine.updatedItems, []);
  // Still editable, and still retired.
  const edit = await app.inject(patch('i2', { hidden: true }));
  assert.deepEqual(edit.json(), { itemId: 'i2', hidden: true, retired: true });
});

test('unknown items are 404 ITEM_NOT_FOUND, and so is content for an id without a record', async (t) => {
  const { app, engine, store } = await build(t);
  for (const req of [patch('nope', { hidden: true }), { method: 'DELETE' as const, url: '/items/nope' }]) {
    const res = await app.inject(req);
    assert.equal(res.statusCode, 404, res.body);
    assert.equal(errorCode(res), 'ITEM_NOT_FOUND');
  }
  // The bundle knows x1 by id only: it can be hidden, not edited.
  const edit = await app.inject(patch('x1', { topic: 'sport', hidden: true }));
  assert.equal(edit.statusCode, 404);
  assert.equal(edit.json().error.details.reason, 'no_catalogue_record');
  assert.equal((await app.inject(patch('x1', { hidden: true }))).statusCode, 200);
  assert.deepEqual([...(await store.itemFlags()).keys()], ['x1'], 'the refused edit set no flag');
  assert.deepEqual(engine.updatedItems, []);
});

test('bad bodies and ids are 400 with the error body, and change nothing', async (t) => {
  const { app, engine, store } = await build(t);
  const bad: [string, unknown][] = [
    ['i1', {}],
    ['i1', { hidden: 'yes' }],
    ['i1', { hidden: true, extra: 1 }],
    ['i1', { itemId: 'i9' }],
    ['i1', { publishedAt: 5 }],
    ['i1', { durationSec: 0 }],
    ['i1', { durationSec: -3 }],
    ['i1', { tags: 'a' }],
    ['i1', { tags: Array.from({ length: 65 }, (_, i) => `t${i}`) }],
    ['i1', { topic: '' }],
    ['i1', { topic: 'x'.repeat(129) }],
    ['i1', { topic: 'bad\u0000topic' }],
    ['i1', { provider: '' }],
    ['i1', [{ hidden: true }]],
    ['bad\u0001id', { hidden: true }],
    ['x'.repeat(257), { hidden: true }],
  ];
  for (const [id, payload] of bad) {
    const res = await app.inject(patch(id, payload as object));
    assert.equal(res.statusCode, 400, `${JSON.stringify(payload)}: ${res.body}`);
    assert.match(errorCode(res), /^[A-Z_]+$/);
  }
  const del = await app.inject({ method: 'DELETE', url: `/items/${encodeURIComponent('bad\u0001id')}` });
  assert.equal(del.statusCode, 400);
  assert.equal((await store.itemFlags()).size, 0);
  assert.deepEqual(await store.items(), []);
  assert.deepEqual(engine.updatedItems, []);
  assert.equal(engine.flags.size, 0);
});

test('client access, as POST /items: no key 401, a client key is enough', async (t) => {
  const { app } = await secureApp(t);
  assert.equal((await app.inject(patch('i1', { hidden: true }))).statusCode, 401);
  assert.equal((await app.inject({ method: 'DELETE', url: '/items/i1' })).statusCode, 401);
  const ok = await app.inject({ ...patch('i1', { hidden: true }), headers: client });
  assert.equal(ok.statusCode, 200, ok.body);
  const access = app.routeAccess.filter((r) => r.url === '/items/:itemId').map((r) => r.access);
  assert.deepEqual(access, ['client', 'client']);
});
