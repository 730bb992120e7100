import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { loadBundle } from '../../src/bundle/read.ts';
import { openPostgresStore } from '../../src/events/postgres-store.ts';
import { buildApp } from '../../src/http/app.ts';
import { type ChangeFeed, connectRedisFeed } from '../../src/serving/change-feed.ts';
import { announceChanges } from '../../src/serving/item-changes.ts';
import { DEFAULT_RECOMMENDER, Recommender } from '../../src/serving/recommender.ts';
import { connectRedisVersions, LOCAL_VERSIONS, type UserVersions } from '../../src/serving/user-versions.ts';
import { serviceUrl } from '../helpers/services.ts';
import { trainTinyBundle } from '../helpers/tiny-bundle.ts';

// Two replicas of the service (two apps, each with its own engine and caches) over one
// PostgreSQL and one Redis: an event posted to one shows in the next answer of the other.
const db = serviceUrl('RECO_TEST_DATABASE_URL');
const redis = serviceUrl('RECO_TEST_REDIS_URL');
const skip = db.skip ?? redis.skip;
const root = mkdtempSync(join(tmpdir(), 'reco-replicas-'));
let bundleDir = '';
const apps: FastifyInstance[] = [];
const engines = new Map<FastifyInstance, Recommender>();
const feeds: ChangeFeed[] = [];

before(async () => {
  if (skip) return;
  bundleDir = (await trainTinyBundle(root, { source: 'replicas' })).dir;
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  await c.query('DROP TABLE IF EXISTS reco_events');
  await c.end();
});

after(async () => {
  for (const a of apps) await a.close();
  for (const f of feeds) await f.close();
  rmSync(root, { recursive: true, force: true });
});

/** A replica; with `feed`, its data changes are announced to, and heard from, the others (as server.ts wires it). */
async function replica(versions: UserVersions, feed?: ChangeFeed): Promise<FastifyInstance> {
  const store = await openPostgresStore(db.url);
  const engine = new Recommender({ ...DEFAULT_RECOMMENDER, store, versions });
  await engine.install(await loadBundle(bundleDir, { minIndexRecall: 0 }));
  if (feed) feeds.push(feed);
  const data = feed ? announceChanges(engine, feed, () => engine.syncItems()) : engine;
  const app = await buildApp({ engine, data, store, logger: false });
  await app.ready();
  apps.push(app);
  engines.set(app, engine);
  return app;
}

async function list(app: FastifyInstance, user: string): Promise<string[]> {
  const res = await app.inject({ url: `/recommendations/${user}?k=10` });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().items.map((i: { itemId: string }) => i.itemId);
}

async function post(app: FastifyInstance, events: object[]): Promise<void> {
  const res = await app.inject({ method: 'POST', url: '/events', payload: events });
  assert.equal(res.statusCode, 202, res.body);
}

test('a watch and a dislike posted to replica A change the next answer of replica B', { skip }, async () => {
  const a = await replica(await connectRedisVersions(redis.url));
  const b = await replica(await connectRedisVersions(redis.url));
  const user = `replica-user-${Date.now()}`;
  const first = await list(b, user); // B caches this user's (empty) state
  assert.deepEqual(await list(b, user), first);
  await post(a, [{ userId: user, itemId: first[0], type: 'watch', watchTime: 300, eventId: `${user}-w` }]);
  const afterWatch = await list(b, user);
  assert.ok(!afterWatch.includes(first[0]), 'the watched item left B’s list at once');
  await post(a, [{ userId: user, itemId: afterWatch[0], type: 'dislike', eventId: `${user}-d` }]);
  assert.ok(!(await list(b, user)).includes(afterWatch[0]), 'the disliked item left B’s list at once');
  // And the other way round.
  const fromA = await list(a, user);
  await post(b, [{ userId: user, itemId: fromA[0], type: 'watch', eventId: `${user}-w2` }]);
  assert.ok(!(await list(a, user)).includes(fromA[0]));
});

test('without shared versions, replica B keeps serving its cached state (why Redis is needed)', {
  skip,
}, async () => {
  const a = await replica(LOCAL_VERSIONS);
  const b = await replica(LOCAL_VERSIONS);
  const user = `local-user-${Date.now()}`;
  const first = await list(b, user);
  await post(a, [{ userId: user, itemId: first[0], type: 'watch', eventId: `${user}-w` }]);
  assert.ok((await list(b, user)).includes(first[0]), 'B answered from its stale cache');
});

test('an item posted to replica A is served by replica B after its next sync tick', { skip }, async () => {
  const a = await replica(LOCAL_VERSIONS);
  const b = await replica(LOCAL_VERSIONS);
  const itemId = `replica-item-${Date.now()}`;
  const item = { itemId, topic: 'news', tags: ['x'], durationSec: 120, publishedAt: Date.now() };
  const posted = await a.inject({ method: 'POST', url: '/items', payload: item });
  assert.equal(posted.statusCode, 202, posted.body);
  assert.equal(
    (await b.inject({ url: `/items/${itemId}/similar?k=3` })).statusCode,
    404,
    'B has not synced yet',
  );
  assert.equal(await engines.get(b)!.syncItems(), 1);
  assert.equal((await b.inject({ url: `/items/${itemId}/similar?k=3` })).statusCode, 200);
  assert.equal(await engines.get(b)!.syncItems(), 0, 'incremental: nothing new the second time');
});

/** Polls `ok` every 5 ms for up to 2 s (the feed is asynchronous, but no poll interval is involved). */
async function soon(ok: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!(await ok())) {
    if (Date.now() > deadline) assert.fail(what);
    await new Promise((r) => setTimeout(r, 5));
  }
}

test('an item hidden or edited on replica A leaves or changes the answers of replica B at once (Redis feed)', {
  skip,
}, async () => {
  const a = await replica(await connectRedisVersions(redis.url), await connectRedisFeed(redis.url));
  const b = await replica(await connectRedisVersions(redis.url), await connectRedisFeed(redis.url));
  const user = `feed-user-${Date.now()}`;
  const [target] = await list(b, user);
  const hide = await a.inject({ method: 'PATCH', url: `/items/${target}`, payload: { hidden: true } });
  assert.equal(hide.statusCode, 200, hide.body);
  await soon(async () => !(await list(b, user)).includes(target), 'the hidden item left B’s list');
  const show = await a.inject({ method: 'PATCH', url: `/items/${target}`, payload: { hidden: false } });
  assert.equal(show.statusCode, 200, show.body);
  await soon(async () => (await list(b, user)).includes(target), 'unhidden, it is back in B’s list');

  // An edit: B re-embeds the item with A's new content (its catalogue record follows).
  const itemId = `feed-item-${Date.now()}`;
  const item = { itemId, topic: 'news', tags: ['x'], durationSec: 120, publishedAt: Date.now() };
  assert.equal((await a.inject({ method: 'POST', url: '/items', payload: item })).statusCode, 202);
  await engines.get(b)!.syncItems();
  const before = engines.get(b)!.servedItem(itemId);
  assert.equal(before.item?.durationSec, 120);
  const edit = await a.inject({ method: 'PATCH', url: `/items/${itemId}`, payload: { durationSec: 3600 } });
  assert.equal(edit.statusCode, 200, edit.body);
  await soon(async () => engines.get(b)!.servedItem(itemId).item?.durationSec === 3600, 'B serves the edit');
});
