import assert from 'node:assert/strict';
import { test } from 'node:test';
import { build, errorCode } from '../../helpers/build-app.ts';

const batch = (app: Awaited<ReturnType<typeof build>>['app'], payload: unknown) =>
  app.inject({ method: 'POST', url: '/recommendations/batch', payload: payload as object });

test('POST /recommendations/batch: per-user lists in order, each with its status and recommendationId', async (t) => {
  const { app } = await build(t);
  const res = await batch(app, {
    requests: [
      { userId: 'u1', k: 2, exclude: ['i1'] },
      { userId: 'a/../b' },
      { userId: 'u3', placement: 'email', filters: { topics: ['news'] } },
      { userId: 'u4', placement: 'nope' },
    ],
  });
  assert.equal(res.statusCode, 200, res.body);
  const { results } = res.json();
  assert.deepEqual(
    results.map((r: { userId: string; status: number }) => [r.userId, r.status]),
    [
      ['u1', 200],
      ['a/../b', 400],
      ['u3', 200],
      ['u4', 400],
    ],
  );
  assert.deepEqual(
    results[0].items.map((i: { itemId: string }) => i.itemId),
    ['i2', 'i3'],
  );
  assert.match(results[0].recommendationId, /^[\w-]{22}$/);
  assert.equal(results[0].nextCursor, undefined, 'batch lists are not paged');
  assert.equal(results[2].items.length, 6, "email's default k");
  assert.equal(results[1].error.code, 'VALIDATION_ERROR');
  assert.equal(results[1].error.details[0].field, 'userId');
  assert.equal(results[3].error.code, 'UNKNOWN_PLACEMENT');
});

test('a batch of more than 100 users, none, or a bad shape is a 400 for the whole call', async (t) => {
  const { app } = await build(t);
  const many = Array.from({ length: 101 }, (_, i) => ({ userId: `u${i}` }));
  for (const body of [
    { requests: many },
    { requests: [] },
    {},
    { requests: [{ userId: 'u1', cursor: 'x' }] },
    { requests: [{ k: 3 }] },
    { requests: [{ userId: 'u1', k: 0 }] },
  ]) {
    const res = await batch(app, body);
    assert.equal(res.statusCode, 400, JSON.stringify(body).slice(0, 80));
    assert.equal(errorCode(res), 'VALIDATION_ERROR');
  }
  const hundred = await batch(app, { requests: many.slice(0, 100) });
  assert.equal(hundred.statusCode, 200);
  assert.equal(hundred.json().results.length, 100);
});

test('no bundle: every user answers 503 MODEL_NOT_READY in place', async (t) => {
  const { app, engine } = await build(t);
  engine.ready = false;
  const res = await batch(app, { requests: [{ userId: 'u1' }, { userId: 'u2' }] });
  assert.equal(res.statusCode, 200);
  for (const r of res.json().results) {
    assert.equal(r.status, 503);
    assert.equal(r.error.code, 'MODEL_NOT_READY');
  }
});
