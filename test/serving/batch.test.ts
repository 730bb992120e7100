import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValidationError } from '../../src/errors.ts';
import { recommendBatch } from '../../src/serving/batch.ts';
import { DEFAULT_PAGING, RecommendationLists } from '../../src/serving/lists.ts';
import { PlacementTable } from '../../src/serving/placements.ts';
import { FakeEngine } from '../helpers/fake-engine.ts';

function setup() {
  const engine = new FakeEngine();
  const lists = new RecommendationLists(engine, new PlacementTable(), DEFAULT_PAGING);
  return { engine, lists };
}

const entry = (userId: string, more: object = {}) => ({ userId, request: () => ({ userId, ...more }) });

test('one list per user, in the order asked, each with its own k and placement; not paged', async () => {
  const { lists } = setup();
  const out = await recommendBatch(lists, [entry('u1', { k: 2 }), entry('u2', { placement: 'email' })], 1000);
  assert.deepEqual(
    out.map((e) => [e.userId, e.status, 'items' in e ? e.items.length : -1]),
    [
      ['u1', 200, 2],
      ['u2', 200, 6],
    ],
  );
  assert.ok(out.every((e) => !('nextCursor' in e)));
  assert.equal(lists.stats().lists, 0);
  const ids = out.map((e) => ('recommendationId' in e ? e.recommendationId : ''));
  assert.notEqual(ids[0], ids[1]);
});

test('a failing user is answered in place with the error body; the others are not', async () => {
  const { lists } = setup();
  const bad = {
    userId: 'bad',
    request: () => {
      throw new ValidationError('userId bad', [{ field: 'userId', message: 'bad' }]);
    },
  };
  const faults: unknown[] = [];
  const out = await recommendBatch(
    lists,
    [entry('u1'), bad, entry('u3', { placement: 'nope' }), entry('u4', { k: 101, placement: 'email' })],
    1000,
    { onError: (e) => faults.push(e) },
  );
  assert.deepEqual(
    out.map((e) => [e.status, 'error' in e ? e.error.code : 'ok']),
    [
      [200, 'ok'],
      [400, 'VALIDATION_ERROR'],
      [400, 'UNKNOWN_PLACEMENT'],
      [400, 'VALIDATION_ERROR'],
    ],
  );
  assert.deepEqual((out[1] as { error: { details: unknown } }).error.details, [
    { field: 'userId', message: 'bad' },
  ]);
  assert.equal(faults.length, 0, 'RecoErrors are answers, not faults');
});

test('a user over the budget is 503 USER_BUDGET_EXCEEDED in place; a fault is INTERNAL_ERROR without internals', async () => {
  const { engine, lists } = setup();
  const recommend = engine.recommend.bind(engine);
  engine.recommend = async (req) => {
    if (req.userId === 'slow') return new Promise(() => {}); // never answers
    if (req.userId === 'broken') throw new TypeError('secret internals');
    return recommend(req);
  };
  const faults: unknown[] = [];
  const out = await recommendBatch(lists, [entry('slow'), entry('u2'), entry('broken')], 20, {
    onError: (e) => faults.push(e),
  });
  assert.deepEqual(
    out.map((e) => [e.userId, e.status, 'error' in e ? e.error.code : 'ok']),
    [
      ['slow', 503, 'USER_BUDGET_EXCEEDED'],
      ['u2', 200, 'ok'],
      ['broken', 500, 'INTERNAL_ERROR'],
    ],
  );
  assert.doesNotMatch(JSON.stringify(out), /secret/);
  assert.equal(faults.length, 1);
});
