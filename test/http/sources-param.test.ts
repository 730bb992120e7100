import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import type { RecommendRequest, StageTimings } from '../../src/serving/engine.ts';
import { build, errorCode } from '../helpers/build-app.ts';

/** The app over the fake engine, with every recommend request the engine got. */
async function recording(t: TestContext, timings?: StageTimings) {
  const built = await build(t);
  const got: RecommendRequest[] = [];
  const recommend = built.engine.recommend.bind(built.engine);
  built.engine.recommend = async (req) => {
    got.push(req);
    const rec = await recommend(req);
    return timings ? { ...rec, timings } : rec;
  };
  return { ...built, got };
}

const url = (sources: string) => `/recommendations/u1?sources=${encodeURIComponent(sources)}`;

test('?sources= reaches the engine as quotas; without it the engine gets none (the bundle’s)', async (t) => {
  const { app, got } = await recording(t);
  const cases: [string, Record<string, number>][] = [
    ['ann:150,fresh:20', { ann: 150, fresh: 20 }],
    ['trending:0', { trending: 0 }],
    ['ann:0,trending:10', { ann: 0, trending: 10 }],
    [
      'related:5,neighbours:1000,fresh:1,trending:2,ann:3',
      { related: 5, neighbours: 1000, fresh: 1, trending: 2, ann: 3 },
    ],
    [' related:5 , fresh:2', { related: 5, fresh: 2 }],
  ];
  for (const [text, quotas] of cases) {
    const res = await app.inject({ url: url(text) });
    assert.equal(res.statusCode, 200, text);
    assert.deepEqual(got.at(-1)?.sources, quotas, text);
  }
  const plain = await app.inject({ url: '/recommendations/u1?k=3' });
  assert.equal(plain.statusCode, 200);
  assert.equal(got.at(-1)?.sources, undefined);
  assert.equal(got.at(-1)?.k, 3);
  const both = await app.inject({ url: '/recommendations/u1?k=4&explain=true&sources=fresh:7' });
  assert.equal(both.statusCode, 200);
  assert.deepEqual(got.at(-1)?.sources, { fresh: 7 });
  assert.equal(got.at(-1)?.explain, true);
});

test('a bad ?sources= is a 400 VALIDATION_ERROR naming the field sources and the problem', async (t) => {
  const { app, got } = await recording(t);
  const cases: [string, RegExp][] = [
    ['viral:5', /unknown source "viral"/],
    ['ann:150,fresh', /source fresh needs a quota 0\.\.1000/],
    ['ann:1001', /source ann needs a quota 0\.\.1000/],
    ['ann:-1', /source ann needs a quota/],
    ['ann:1.5', /source ann needs a quota/],
    ['ann:x', /source ann needs a quota/],
    ['ann:1:2', /source ann needs a quota/],
    ['ann:1,ann:2', /source ann is named twice/],
    ['', /unknown source ""/],
    ['ann:1,', /unknown source ""/],
  ];
  for (const [text, problem] of cases) {
    const res = await app.inject({ url: url(text) });
    assert.equal(res.statusCode, 400, text);
    assert.equal(errorCode(res), 'VALIDATION_ERROR', text);
    const { error } = res.json();
    assert.match(error.message, /^sources: /, text);
    assert.match(error.message, problem, text);
    assert.equal(error.details.length, 1);
    assert.equal(error.details[0].field, 'sources', text);
    assert.match(error.details[0].message, problem, text);
  }
  assert.equal(got.length, 0, 'no bad request reached the engine');
});

test('a ?sources= longer than 256 characters is refused by the schema', async (t) => {
  const { app, got } = await recording(t);
  const res = await app.inject({ url: url(`ann:1${',x'.repeat(200)}`) });
  assert.equal(res.statusCode, 400);
  assert.equal(errorCode(res), 'VALIDATION_ERROR');
  assert.equal(got.length, 0);
});

test('each source’s time lands in reco_source_duration_seconds, labelled by source', async (t) => {
  const timings: StageTimings = {
    state: 1,
    query: 1,
    candidates: 5,
    ranking: 2,
    rules: 1,
    total: 10,
    sources: { ann: 3, trending: 0.5 },
  };
  const { app } = await recording(t, timings);
  const res = await app.inject({ url: url('ann:10,trending:10') });
  assert.equal(res.statusCode, 200);
  assert.equal(res.json().timings, undefined, 'the timings are not part of the answer');
  const metrics = (await app.inject({ url: '/metrics' })).body;
  assert.match(metrics, /reco_source_duration_seconds_count\{source="ann"\} 1/);
  assert.match(metrics, /reco_source_duration_seconds_sum\{source="ann"\} 0\.003/);
  assert.match(metrics, /reco_source_duration_seconds_count\{source="trending"\} 1/);
  assert.match(metrics, /reco_source_duration_seconds_sum\{source="trending"\} 0\.0005/);
  assert.doesNotMatch(metrics, /reco_source_duration_seconds_count\{source="fresh"\}/);
});

test('?pinned= reaches the engine as ids with slots; bad ones are a 400 naming pinned', async (t) => {
  const { app, got } = await recording(t);
  const ok = await app.inject({ url: `/recommendations/u1?pinned=${encodeURIComponent('i9,i7:3')}` });
  assert.equal(ok.statusCode, 200);
  assert.deepEqual(got.at(-1)?.pinned, [{ itemId: 'i9' }, { itemId: 'i7', slot: 3 }]);
  for (const bad of ['i7:0', 'i7:101', 'i7:x', ',', 'a:1:2']) {
    const res = await app.inject({ url: `/recommendations/u1?pinned=${encodeURIComponent(bad)}` });
    assert.equal(res.statusCode, 400, bad);
    assert.equal(errorCode(res), 'VALIDATION_ERROR', bad);
    assert.equal(res.json().error.details[0].field, 'pinned', bad);
  }
});

test('POST /items: a pin that ends before it starts is a 400 naming pinned/until', async (t) => {
  const { app } = await recording(t);
  const item = { itemId: 'p1', topic: 't', tags: [], durationSec: 60, publishedAt: 0 };
  const bad = await app.inject({
    method: 'POST',
    url: '/items',
    payload: { ...item, pinned: { from: 10, until: 10 } },
  });
  assert.equal(bad.statusCode, 400);
  assert.ok(JSON.stringify(bad.json().error.details).includes('pinned/until'));
  const good = await app.inject({
    method: 'POST',
    url: '/items',
    payload: { ...item, pinned: { from: 0, until: 10, slot: 1 } },
  });
  assert.equal(good.statusCode, 202);
});
