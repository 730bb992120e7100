import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { createFastify } from '../../../src/http/fastify.ts';
import type { Metrics } from '../../../src/http/plugins/metrics.ts';
import { recommendationRoutes } from '../../../src/http/routes/recommendations.ts';
import type { RecommendRequest, SimilarRequest, StageTimings } from '../../../src/serving/engine.ts';
import { DEFAULT_PAGING, RecommendationLists } from '../../../src/serving/lists.ts';
import { PlacementTable } from '../../../src/serving/placements.ts';
import { FakeEngine } from '../../helpers/fake-engine.ts';

const TIMINGS: StageTimings = { state: 1, query: 1, candidates: 1, ranking: 1, rules: 1, total: 5 };

/** The two read routes over a fake engine that records each request. */
async function app(t: import('node:test').TestContext) {
  const engine = new FakeEngine();
  const recs: RecommendRequest[] = [];
  const sims: SimilarRequest[] = [];
  const recommend = engine.recommend.bind(engine);
  engine.recommend = async (req) => {
    recs.push(req);
    return { ...(await recommend(req)), timings: TIMINGS };
  };
  const similar = engine.similar.bind(engine);
  engine.similar = async (req) => {
    sims.push(req);
    return similar(req);
  };
  const timings: StageTimings[] = [];
  const metrics: Metrics = {
    registry: new Registry(),
    eventsIngested: () => {},
    stageTimings: (x) => {
      timings.push(x);
    },
  };
  const a = createFastify({});
  const lists = new RecommendationLists(engine, new PlacementTable(), DEFAULT_PAGING);
  await a.register(recommendationRoutes, { engine, lists, metrics });
  await a.ready();
  t.after(() => a.close());
  const post = (url: string, payload: object) => a.inject({ method: 'POST', url, payload });
  return { get: (url: string) => a.inject({ url }), post, recs, sims, timings };
}

test('a plain request: the defaults, no context, no filters, no rule overrides', async (t) => {
  const s = await app(t);
  const res = await s.get('/recommendations/u1');
  assert.equal(res.statusCode, 200);
  assert.equal(s.recs.length, 1);
  const [req] = s.recs;
  assert.equal(req.userId, 'u1');
  assert.equal(req.k, 10);
  assert.equal(req.exclude, undefined);
  assert.equal(req.explain, false);
  assert.equal(req.context, undefined);
  assert.equal(req.filters, undefined);
  assert.equal(req.sources, undefined);
  for (const [name, value] of Object.entries(req.rules ?? {}))
    assert.equal(value, undefined, `rule override ${name} unset`);
});

test('the stage timings go to the metrics, never into the answer', async (t) => {
  const s = await app(t);
  const body = (await s.get('/recommendations/u1?k=3')).json();
  assert.deepEqual(Object.keys(body).sort(), [
    'items',
    'modelVersion',
    'nextCursor',
    'recommendationId',
    'userId',
  ]);
  assert.equal(body.items.length, 3);
  assert.deepEqual(s.timings, [TIMINGS]);
});

test('device or country make a context; filters are split on commas, trimmed, empties dropped', async (t) => {
  const s = await app(t);
  await s.get('/recommendations/u1?country=fr');
  await s.get('/recommendations/u1?device=tv&topics=%20news%20,,sport,&maxAgeDays=7');
  await s.get('/recommendations/u1?excludeTopics=');
  assert.deepEqual(s.recs[0].context, { device: undefined, country: 'fr' });
  assert.equal(s.recs[0].filters, undefined);
  assert.deepEqual(s.recs[1].context, { device: 'tv', country: undefined });
  assert.deepEqual(s.recs[1].filters, { topics: ['news', 'sport'], excludeTopics: undefined, maxAgeDays: 7 });
  assert.deepEqual(s.recs[2].filters, { topics: undefined, excludeTopics: [], maxAgeDays: undefined });
});

test('rule overrides and explain reach the engine as numbers and booleans', async (t) => {
  const s = await app(t);
  await s.get('/recommendations/u1?explain=true&freshnessBoost=0.5&diversityLambda=0.9&maxPerTopic=4');
  assert.equal(s.recs[0].explain, true);
  const { freshnessBoost, diversityLambda, maxPerTopic } = s.recs[0].rules ?? {};
  assert.deepEqual(
    { freshnessBoost, diversityLambda, maxPerTopic },
    { freshnessBoost: 0.5, diversityLambda: 0.9, maxPerTopic: 4 },
  );
});

test('?sources= becomes per-source quotas; a bad list is a 400 naming sources', async (t) => {
  const s = await app(t);
  assert.equal((await s.get('/recommendations/u1?sources=ann:150,fresh:20')).statusCode, 200);
  assert.deepEqual(s.recs[0].sources, { ann: 150, fresh: 20 });
  for (const bad of ['nope:3', 'ann:150,ann:3']) {
    const res = await s.get(`/recommendations/u1?sources=${bad}`);
    assert.equal(res.statusCode, 400, bad);
    assert.match(res.json().error.message, /^sources: /);
    assert.equal(res.json().error.details[0].field, 'sources');
  }
  assert.equal(s.recs.length, 1, 'refused before the engine was asked');
});

test('an id reco does not accept is a 400 naming the field, before the engine is asked', async (t) => {
  const s = await app(t);
  const bad = await s.get('/recommendations/..%2Fetc');
  assert.equal(bad.statusCode, 400);
  const { error } = bad.json();
  assert.equal(error.code, 'VALIDATION_ERROR');
  assert.match(error.message, /^userId /);
  assert.equal(error.details[0].field, 'userId');
  const badItem = await s.get('/items/a%07b/similar');
  assert.equal(badItem.json().error.details[0].field, 'itemId');
  const badUser = await s.get('/items/i1/similar?userId=%20');
  assert.equal(badUser.json().error.details[0].field, 'userId');
  assert.equal(s.recs.length + s.sims.length, 0);
});

test('similar items: k and the optional user are passed on; an unknown item is the engine’s 404', async (t) => {
  const s = await app(t);
  const res = await s.get('/items/i7/similar?k=2&userId=u3');
  assert.equal(res.statusCode, 200);
  assert.equal(res.json().items.length, 2);
  await s.get('/items/i8/similar');
  assert.deepEqual(s.sims, [
    { itemId: 'i7', k: 2, userId: 'u3' },
    { itemId: 'i8', k: 10, userId: undefined },
  ]);
  const missing = await s.get('/items/unknown/similar');
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().error.code, 'ITEM_NOT_FOUND');
});

test('the fair-exposure overrides reach the engine as rule overrides', async (t) => {
  const s = await app(t);
  const res = await s.get(
    '/recommendations/u1?maxPerProvider=2&longTailMin=1&longTailHeadPercent=10&longTailMargin=0.5',
  );
  assert.equal(res.statusCode, 200);
  const { rules } = s.recs[0];
  assert.equal(rules?.maxPerProvider, 2);
  assert.equal(rules?.longTailMin, 1);
  assert.equal(rules?.longTailHeadPercent, 10);
  assert.equal(rules?.longTailMargin, 0.5);
  await s.get('/recommendations/u1');
  assert.equal(s.recs[1].rules?.maxPerProvider, undefined, 'none given: the bundle decides');
});

test('bad fair-exposure parameters are a 400 VALIDATION_ERROR naming the parameter', async (t) => {
  const s = await app(t);
  for (const q of [
    'maxPerProvider=-1',
    'maxPerProvider=1.5',
    'maxPerProvider=101',
    'maxPerProvider=abc',
    'longTailMin=-1',
    'longTailMin=11',
    'longTailMin=0.5',
    'longTailHeadPercent=0',
    'longTailHeadPercent=101',
    'longTailMargin=-0.1',
    'longTailMargin=1.5',
    'longTailMargin=x',
  ]) {
    const res = await s.get(`/recommendations/u1?${q}`);
    assert.equal(res.statusCode, 400, q);
    assert.equal(res.json().error.code, 'VALIDATION_ERROR', q);
    assert.match(res.body, new RegExp(q.split('=')[0]), q);
  }
  assert.equal(s.recs.length, 0, 'the engine was never asked');
});

test('?exclude= reaches the engine as ids; the answer has k items without them', async (t) => {
  const s = await app(t);
  const res = await s.get('/recommendations/u1?k=3&exclude=i1,%20i3%20,,i9');
  assert.equal(res.statusCode, 200);
  assert.deepEqual(s.recs[0].exclude, ['i1', 'i3', 'i9']);
  assert.deepEqual(
    res.json().items.map((i: { itemId: string }) => i.itemId),
    ['i2', 'i4', 'i5'],
  );
});

test('exclude: more than 1,000 ids or a bad id is a 400 naming exclude, before the engine', async (t) => {
  const s = await app(t);
  const many = Array.from({ length: 1001 }, (_, i) => `x${i}`);
  const get = await s.get(`/recommendations/u1?exclude=${many.join(',')}`);
  assert.equal(get.statusCode, 400);
  assert.equal(get.json().error.code, 'VALIDATION_ERROR');
  assert.equal(get.json().error.details[0].field, 'exclude');
  const post = await s.post('/recommendations/u1', { exclude: many });
  assert.equal(post.statusCode, 400);
  assert.match(post.body, /exclude/);
  const bad = await s.post('/recommendations/u1', { exclude: ['ok', 'a/../b'] });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().error.details[0].field, 'exclude/1');
  const badGet = await s.get('/recommendations/u1?exclude=a%07b');
  assert.equal(badGet.json().error.details[0].field, 'exclude/0');
  for (const body of [{ exclude: 'i1,i2' }, { exclude: [1] }, { exclude: [''] }]) {
    const res = await s.post('/recommendations/u1', body);
    assert.equal(res.statusCode, 400, JSON.stringify(body));
    assert.equal(res.json().error.code, 'VALIDATION_ERROR');
  }
  assert.equal(s.recs.length, 0);
});

test('POST /recommendations/:userId: the same request as GET, from JSON', async (t) => {
  const s = await app(t);
  const body = {
    k: 4,
    exclude: Array.from({ length: 1000 }, (_, i) => `i${2 * i + 1}`),
    sources: { ann: 150, fresh: 20 },
    pinned: [{ itemId: 'p,1', slot: 2 }, { itemId: 'p2' }],
    filters: { topics: ['news'], maxAgeDays: 7 },
    context: { device: 'tv' },
    rules: { diversityLambda: 0.9, maxPerTopic: 4 },
    explain: true,
  };
  const res = await s.post('/recommendations/u1', body);
  assert.equal(res.statusCode, 200, res.body);
  const [req] = s.recs;
  assert.equal(req.k, 4);
  assert.equal(req.exclude?.length, 1000);
  assert.deepEqual(req.sources, { ann: 150, fresh: 20 });
  assert.deepEqual(req.pinned, body.pinned, 'an id with a comma: what the body is for');
  assert.deepEqual(req.filters, body.filters);
  assert.deepEqual(req.context, { device: 'tv' });
  assert.equal(req.rules?.maxPerTopic, 4);
  assert.equal(req.explain, true);
  assert.deepEqual(
    res.json().items.map((i: { itemId: string }) => i.itemId),
    ['i2', 'i4', 'i6', 'i8'],
  );
  // The GET spelling of the same parameters asks the engine the same thing.
  await s.get(
    '/recommendations/u1?k=4&sources=ann:150,fresh:20&topics=news&maxAgeDays=7&device=tv&diversityLambda=0.9&maxPerTopic=4&explain=true',
  );
  const { exclude: _, pinned: __, ...viaPost } = req;
  const { exclude: ___, pinned: ____, ...viaGet } = s.recs[1];
  assert.deepEqual(
    { ...viaGet, rules: { ...viaGet.rules } },
    {
      ...viaPost,
      rules: {
        ...Object.fromEntries(Object.keys(viaGet.rules ?? {}).map((k) => [k, undefined])),
        ...viaPost.rules,
      },
      context: { device: 'tv', country: undefined },
      filters: { ...viaPost.filters, excludeTopics: undefined },
    },
  );
});

test('POST: an empty body is the defaults; unknown fields and bad ranges are 400s', async (t) => {
  const s = await app(t);
  const ok = await s.post('/recommendations/u1', {});
  assert.equal(ok.statusCode, 200);
  assert.equal(s.recs[0].k, 10);
  for (const body of [
    { k: 0 },
    { k: 101 },
    { nope: 1 },
    { sources: { nope: 3 } },
    { sources: { ann: 1001 } },
    { pinned: [{ itemId: 'a', slot: 0 }] },
    { rules: { maxPerTopic: -1 } },
    { filters: { maxAgeDays: -1 } },
    { context: { device: 'x'.repeat(65) } },
    { context: { device: 'tv\ud800' } },
    { context: { country: 'a\u0007' } },
    { filters: { topics: ['news', ' '] } },
  ]) {
    const res = await s.post('/recommendations/u1', body);
    assert.equal(res.statusCode, 400, JSON.stringify(body));
    assert.equal(res.json().error.code, 'VALIDATION_ERROR', JSON.stringify(body));
  }
  assert.equal(s.recs.length, 1);
});

test('every answer carries a fresh recommendationId (16 random bytes, base64url)', async (t) => {
  const s = await app(t);
  const ids = new Set<string>();
  for (let i = 0; i < 5; i++) {
    const body = (await s.get('/recommendations/u1?k=2')).json();
    assert.match(body.recommendationId, /^[A-Za-z0-9_-]{22}$/);
    ids.add(body.recommendationId);
  }
  const post = (await s.post('/recommendations/u1', { k: 2 })).json();
  ids.add(post.recommendationId);
  assert.equal(ids.size, 6);
});

test('paging: ?cursor= gives the next page of the same list, POST too; the end has nextCursor null', async (t) => {
  const s = await app(t);
  const first = (await s.get('/recommendations/u1?k=60&topics=news')).json();
  assert.equal(first.items.length, 60);
  const second = (await s.get(`/recommendations/u1?k=60&topics=news&cursor=${first.nextCursor}`)).json();
  assert.equal(second.items[0].rank, 61);
  assert.equal(second.recommendationId, first.recommendationId);
  const third = (await s.post('/recommendations/u1', { k: 100, cursor: second.nextCursor })).json();
  assert.equal(third.items.length, 80);
  assert.equal(third.nextCursor, null);
  const seen = [first, second, third].flatMap((p) => p.items.map((i: { itemId: string }) => i.itemId));
  assert.equal(new Set(seen).size, 200);
  assert.equal(s.recs.length, 1, 'computed once');
});

test('paging: a bad, foreign or altered cursor is a 4xx with the error body, never a 500', async (t) => {
  const s = await app(t);
  const { nextCursor } = (await s.get('/recommendations/u1?k=5')).json();
  const cases: [string, number, string][] = [
    ['/recommendations/u1?cursor=garbage', 400, 'INVALID_CURSOR'],
    [`/recommendations/u2?cursor=${nextCursor}`, 400, 'INVALID_CURSOR'],
    [`/recommendations/u1?cursor=${nextCursor}&maxPerTopic=3`, 400, 'INVALID_CURSOR'],
    [`/recommendations/u1?cursor=${nextCursor.slice(0, -2)}AA`, 400, 'INVALID_CURSOR'],
    ['/recommendations/u1?cursor=', 400, 'VALIDATION_ERROR'],
    [`/recommendations/u1?cursor=${'A'.repeat(513)}`, 400, 'VALIDATION_ERROR'],
  ];
  for (const [url, status, code] of cases) {
    const res = await s.get(url);
    assert.equal(res.statusCode, status, url);
    assert.equal(res.json().error.code, code, url);
  }
  const other = await app(t); // another process: its cursors are not this one's
  const res = await other.get(`/recommendations/u1?cursor=${nextCursor}`);
  assert.equal(res.statusCode, 410);
  assert.equal(res.json().error.code, 'CURSOR_EXPIRED');
  assert.match(res.json().error.message, /another server process/);
});
