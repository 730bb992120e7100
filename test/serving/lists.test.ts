import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRecoError } from '../../src/errors.ts';
import type { RecommendRequest } from '../../src/serving/engine.ts';
import { DEFAULT_PAGING, type ListRequest, RecommendationLists } from '../../src/serving/lists.ts';
import { PlacementTable } from '../../src/serving/placements.ts';
import { FakeEngine } from '../helpers/fake-engine.ts';

const code = (c: string, status?: number) => (e: unknown) =>
  isRecoError(e) && e.code === c && (status === undefined || e.statusCode === status);

/** Lists over the fake engine (i1..i200), with a clock the test moves and the engine's requests. */
function lists(paging = DEFAULT_PAGING, placements = new PlacementTable()) {
  const engine = new FakeEngine();
  const asked: RecommendRequest[] = [];
  const recommend = engine.recommend.bind(engine);
  engine.recommend = (req) => {
    asked.push(req);
    return recommend(req);
  };
  const clock = { now: 0 };
  return { l: new RecommendationLists(engine, placements, paging, () => clock.now), asked, clock };
}

/** Every page of a list, following nextCursor. */
async function allPages(l: RecommendationLists, first: ListRequest, later: Partial<ListRequest> = {}) {
  const pages = [await l.get(first)];
  while (pages.at(-1)!.nextCursor !== null)
    pages.push(await l.get({ userId: first.userId, ...later, cursor: pages.at(-1)!.nextCursor! }));
  return pages;
}

test('pages of one list: computed once, never an item twice, ranks run on, the same recommendationId', async () => {
  const { l, asked } = lists();
  const pages = await allPages(l, { userId: 'u1', k: 30 });
  assert.equal(asked.length, 1, 'the engine was asked once');
  assert.equal(asked[0].k, 30);
  assert.ok((asked[0].listSize ?? 0) > 30);
  const ids = pages.flatMap((p) => p.items.map((i) => i.itemId));
  assert.equal(ids.length, 200);
  assert.equal(new Set(ids).size, 200);
  assert.deepEqual(
    pages.map((p) => p.items.length),
    [30, 30, 30, 30, 30, 30, 20],
  );
  assert.deepEqual(
    pages.flatMap((p) => p.items.map((i) => i.rank)),
    Array.from({ length: 200 }, (_, i) => i + 1),
  );
  assert.equal(new Set(pages.map((p) => p.recommendationId)).size, 1);
  assert.equal(pages.at(-1)!.nextCursor, null);
});

test('a page is stable: the same cursor gives the same page for the TTL, then 410 CURSOR_EXPIRED', async () => {
  const { l, clock } = lists({ ...DEFAULT_PAGING, ttlMs: 1000 });
  const first = await l.get({ userId: 'u1', k: 5 });
  const again = { userId: 'u1', cursor: first.nextCursor! };
  const a = await l.get(again);
  clock.now = 999;
  assert.deepEqual(await l.get(again), a);
  clock.now = 1000;
  await assert.rejects(l.get(again), code('CURSOR_EXPIRED', 410));
});

test("another user's cursor, or one with other parameters, is a 400 INVALID_CURSOR; the same ones pass", async () => {
  const { l } = lists();
  const req = { userId: 'u1', k: 5, filters: { topics: ['news'] }, rules: { maxPerTopic: 2 } };
  const { nextCursor } = await l.get(req);
  await assert.rejects(l.get({ userId: 'u2', cursor: nextCursor! }), code('INVALID_CURSOR', 400));
  await assert.rejects(
    l.get({ ...req, rules: { maxPerTopic: 3 }, cursor: nextCursor! }),
    (e) => code('INVALID_CURSOR')(e) && /other parameters/.test((e as Error).message),
  );
  const same = await l.get({
    ...req,
    rules: { maxPerTopic: 2, diversityLambda: undefined },
    cursor: nextCursor!,
  });
  assert.equal(same.items[0].rank, 6);
  await assert.rejects(l.get({ userId: 'u1', cursor: 'nope' }), code('INVALID_CURSOR', 400));
});

test('a list shaped by nothing (absent overrides, empty objects) pages with a cursor alone or with the same nothing', async () => {
  const { l } = lists();
  // As GET's query string gives it: every rule override named, none set.
  const req = {
    userId: 'u1',
    k: 5,
    rules: { maxPerTopic: undefined, diversityLambda: undefined },
    filters: {},
  };
  const { nextCursor } = await l.get(req);
  assert.equal((await l.get({ userId: 'u1', cursor: nextCursor! })).items[0].rank, 6);
  assert.equal((await l.get({ ...req, context: {}, cursor: nextCursor! })).items[0].rank, 6);
  await assert.rejects(
    l.get({ ...req, rules: { maxPerTopic: 2 }, cursor: nextCursor! }),
    (e) => code('INVALID_CURSOR')(e) && /other parameters/.test((e as Error).message),
  );
  // An empty list of topics is not nothing to the canonical form either way: both sides agree.
  const topics = { userId: 'u1', k: 5, filters: { topics: [] } };
  const t = await l.get(topics);
  assert.equal((await l.get({ ...topics, cursor: t.nextCursor! })).items[0].rank, 6);
});

test('exclude on a later page drops more; k may change between pages within the placement', async () => {
  const { l } = lists();
  const first = await l.get({ userId: 'u1', k: 3 });
  const next = await l.get({ userId: 'u1', k: 4, exclude: ['i4', 'i6'], cursor: first.nextCursor! });
  assert.deepEqual(
    next.items.map((i) => i.itemId),
    ['i5', 'i7', 'i8', 'i9'],
  );
  const third = await l.get({ userId: 'u1', cursor: next.nextCursor! });
  assert.equal(third.items[0].itemId, 'i10');
  assert.equal(third.items.length, 3, "the first page's k when none is given");
});

test('paging off (TTL 0) or a batch list: no cursor, nothing kept', async () => {
  const off = lists({ ...DEFAULT_PAGING, ttlMs: 0 });
  const a = await off.l.get({ userId: 'u1', k: 5 });
  assert.equal(a.nextCursor, null);
  assert.equal(off.asked[0].listSize, undefined, 'ranked as before paging');
  const on = lists();
  const b = await on.l.get({ userId: 'u1', k: 5 }, { paged: false });
  assert.equal(b.nextCursor, null);
  assert.deepEqual(on.l.stats(), { lists: 0, bytes: 0 });
  await on.l.get({ userId: 'u1', k: 5 });
  assert.equal(on.l.stats().lists, 1);
  assert.ok(on.l.stats().bytes > 0);
});

test('a placement: its default k, its rules and quotas under the request’s own, its maxK', async () => {
  const { l, asked } = lists();
  const email = await l.get({ userId: 'u1', placement: 'email' });
  assert.equal(email.items.length, 6);
  assert.deepEqual(asked[0].rules, { freshnessBoost: 1, maxPerTopic: 2 });
  assert.deepEqual(asked[0].sources, { fresh: 20 });
  await l.get({ userId: 'u1', placement: 'email', k: 3, rules: { maxPerTopic: 1 }, sources: { fresh: 0 } });
  assert.deepEqual(asked[1].rules, { freshnessBoost: 1, maxPerTopic: 1 });
  assert.deepEqual(asked[1].sources, { fresh: 0 });
  await assert.rejects(
    l.get({ userId: 'u1', placement: 'email', k: 21 }),
    (e) => code('VALIDATION_ERROR', 400)(e) && /^k: at most 20/.test((e as Error).message),
  );
  await assert.rejects(l.get({ userId: 'u1', placement: 'nope' }), code('UNKNOWN_PLACEMENT', 400));
  assert.equal(asked.length, 2);
  // No placement: the bundle's rules and quotas, k 10.
  await l.get({ userId: 'u1' });
  assert.equal(asked[2].k, 10);
  assert.equal(asked[2].sources, undefined);
});

test('a later page of a placement’s list keeps within its maxK', async () => {
  const { l } = lists();
  const first = await l.get({ userId: 'u1', placement: 'email' });
  await assert.rejects(l.get({ userId: 'u1', k: 50, cursor: first.nextCursor! }), code('VALIDATION_ERROR'));
  const next = await l.get({ userId: 'u1', placement: 'email', cursor: first.nextCursor! });
  assert.equal(next.items.length, 6);
});

test('an item hidden after the first page leaves the later pages of the kept list', async () => {
  const engine = new FakeEngine();
  const l = new RecommendationLists(engine, new PlacementTable(), DEFAULT_PAGING, () => 0);
  const first = await l.get({ userId: 'u1', k: 10 });
  engine.flagItems(new Map([['i12', { hidden: true, retired: false }]]));
  const second = await l.get({ userId: 'u1', cursor: first.nextCursor! });
  const ids = second.items.map((i) => i.itemId);
  assert.equal(ids.length, 10, 'the page still fills');
  assert.ok(!ids.includes('i12'));
  assert.equal(ids[0], 'i11');
  assert.equal(ids.at(-1), 'i21');
});
