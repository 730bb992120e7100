import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import type { Manifest } from '../../src/bundle/manifest.ts';
import type { PreviousBundle } from '../../src/bundle/previous.ts';
import { generateWorld } from '../../src/data/demo/world.ts';
import { writeDataset } from '../../src/data/loaders/jsonl.ts';
import type { RecoEvent } from '../../src/data/types.ts';
import { openEventStore } from '../../src/events/open.ts';
import { loadTrainingData } from '../../src/training/training-set.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const root = tempDir('reco-training-set-');
const dataDir = join(root, 'data');
const world = generateWorld({ seed: 8, scale: 0.01 });
const storePath = join(root, 'events.db');
const stored: RecoEvent[] = [
  { userId: 'u1', itemId: world.items[0].itemId, type: 'watch', timestamp: 1, eventId: 'store-1' },
  {
    userId: 'posted-user',
    itemId: 'posted-item',
    type: 'watch',
    timestamp: 2,
    watchTime: 40,
    eventId: 'store-2',
  },
];
const posted = { itemId: 'posted-item', topic: 'news', tags: [], durationSec: 90, publishedAt: 0 };
const updated = { ...world.items[1], topic: 'changed' };

before(async () => {
  await writeDataset(dataDir, world);
  const store = await openEventStore(storePath);
  await store.append(stored);
  await store.putItems([posted, updated]);
  await store.close();
});

const collect = () => {
  const lines: string[] = [];
  return { lines, log: (l: string) => lines.push(l) };
};

test('a data directory alone: its data, named by the directory, nothing logged', async () => {
  const { lines, log } = collect();
  const d = await loadTrainingData({ dataDir }, log);
  assert.equal(d.source, dataDir);
  assert.equal(d.events.length, world.events.length);
  assert.equal(d.users.length, world.users.length);
  assert.deepEqual(
    d.items.map((i) => i.itemId),
    world.items.map((i) => i.itemId),
  );
  assert.deepEqual(lines, []);
});

test('the directory and the store: events merged in time order, posted items joined or updating', async () => {
  const { lines, log } = collect();
  const d = await loadTrainingData({ dataDir, eventsDb: storePath }, log);
  assert.equal(d.source, `${dataDir} + ${storePath}`);
  assert.equal(d.events.length, world.events.length + 2);
  const events = [...d.events];
  for (let i = 1; i < events.length; i++) assert.ok(events[i - 1].timestamp <= events[i].timestamp);
  assert.equal(events[0].eventId, 'store-1');
  assert.deepEqual(
    d.items.find((i) => i.itemId === 'posted-item'),
    posted,
  );
  assert.equal(d.items.find((i) => i.itemId === updated.itemId)?.topic, 'changed');
  assert.equal(d.items.length, world.items.length + 1);
  assert.deepEqual(lines, [`read 2 stored events and 2 items from ${storePath}`]);
});

test('the store alone: named by the store; items only events mention are added to the catalogue', async () => {
  const bare = join(root, 'bare.db');
  const store = await openEventStore(bare);
  await store.append([{ userId: 'x', itemId: 'mystery', type: 'watch', timestamp: 5, watchTime: 33 }]);
  await store.close();
  const d = await loadTrainingData({ eventsDb: bare }, () => {});
  assert.equal(d.source, bare);
  assert.deepEqual(d.items, [
    { itemId: 'mystery', topic: 'unknown', tags: [], durationSec: 33, publishedAt: 5 },
  ]);
  assert.deepEqual(d.users, []);
});

test('a store file that does not exist is a config error, and is not created', async () => {
  const missing = join(root, 'nope.db');
  await assert.rejects(
    loadTrainingData({ eventsDb: missing }, () => {}),
    (e: Error & { code?: string }) => {
      assert.equal(e.code, 'CONFIG_INVALID');
      assert.match(e.message, /^--events: no event store at .*nope\.db$/);
      return true;
    },
  );
  await assert.rejects(loadTrainingData({ dataDir, eventsDb: missing }, () => {}));
});

test('no events anywhere is a config error naming the sources', async () => {
  await assert.rejects(
    loadTrainingData({}, () => {}),
    (e: Error & { code?: string }) => {
      assert.equal(e.code, 'CONFIG_INVALID');
      assert.equal(e.message, 'no events to train on in the given sources');
      return true;
    },
  );
  const empty = join(root, 'empty.db');
  await (await openEventStore(empty)).close();
  await assert.rejects(
    loadTrainingData({ eventsDb: empty }, () => {}),
    /no events to train on in .*empty\.db/,
  );
});

test('with the current bundle: its items, users and histories kept, the replay logged', async () => {
  const first = world.items[2].itemId;
  const previous: PreviousBundle = {
    dir: join(root, 'models', 'v1'),
    manifest: { version: 'v1' } as Manifest,
    items: [{ itemId: 'old-item', topic: 'history', tags: [], durationSec: 10, publishedAt: 0 }],
    users: [
      { userId: 'old-user', country: 'DE', watched: [['old-item', 100]], disliked: [first] },
      { userId: 'u1', watched: [[world.items[0].itemId, 1]], disliked: [] },
    ],
  };
  const { lines, log } = collect();
  const d = await loadTrainingData({ eventsDb: storePath }, log, previous);
  assert.equal(d.source, `${storePath} + bundle v1`);
  assert.ok(d.items.some((i) => i.itemId === 'old-item'));
  assert.deepEqual(
    d.users.find((u) => u.userId === 'old-user'),
    { userId: 'old-user', country: 'DE' },
  );
  const old = [...d.events].filter((e) => e.userId === 'old-user');
  assert.deepEqual(
    old.map((e) => [e.type, e.itemId, e.timestamp]),
    [
      ['watch', 'old-item', 100],
      ['dislike', first, 101],
    ],
  );
  assert.equal(
    [...d.events].filter((e) => e.userId === 'u1').length,
    1,
    'a watch the store holds is not replayed',
  );
  assert.equal(lines.length, 2);
  assert.match(
    lines[1],
    /^kept the 1 items and 2 users of the current bundle v1 \(2 history events .* replayed; --fresh/,
  );
});

test('the current bundle alone is enough to train on', async () => {
  const previous: PreviousBundle = {
    dir: join(root, 'models', 'v2'),
    manifest: { version: 'v2' } as Manifest,
    items: [],
    users: [{ userId: 'solo', watched: [['z', 7]], disliked: [] }],
  };
  const d = await loadTrainingData({}, () => {}, previous);
  assert.equal(d.source, 'bundle v2');
  assert.equal(d.events.length, 1);
  assert.deepEqual(
    d.items.map((i) => i.itemId),
    ['z'],
  );
});

test('a data directory that is missing or is not one is a data error, before any store is read', async () => {
  const junk = join(root, 'junk');
  writeFileSync(junk, 'not a directory');
  const { lines, log } = collect();
  for (const dir of [junk, join(root, 'missing')])
    await assert.rejects(
      loadTrainingData({ dataDir: dir, eventsDb: storePath }, log),
      (e: Error & { code?: string }) => {
        assert.equal(e.code, 'DATA_INVALID');
        return true;
      },
    );
  assert.deepEqual(lines, [], 'the store was not read');
});

test('erased users and hidden or retired items are left out of the next training', async () => {
  const path = join(root, 'erased.db');
  const keep = world.items[3].itemId;
  const hidden = world.items[4].itemId;
  const retired = world.items[5].itemId;
  const store = await openEventStore(path);
  await store.append([
    { userId: 'gone', itemId: keep, type: 'watch', timestamp: 10 },
    { userId: 'stays', itemId: keep, type: 'watch', timestamp: 11 },
    { userId: 'stays', itemId: hidden, type: 'watch', timestamp: 12 },
    { userId: 'stays', itemId: retired, type: 'watch', timestamp: 13 },
    { userId: 'gone', type: 'search', query: 'noir', timestamp: 14 },
  ]);
  await store.eraseUser('gone', 20);
  await store.append([{ userId: 'gone', itemId: keep, type: 'like', timestamp: 30 }]);
  await store.setItemFlags(hidden, { hidden: true, retired: false });
  await store.setItemFlags(retired, { hidden: true, retired: true });
  await store.close();
  const previous: PreviousBundle = {
    dir: join(root, 'models', 'v3'),
    manifest: { version: 'v3' } as Manifest,
    items: world.items.slice(3, 6),
    users: [
      { userId: 'gone', country: 'FR', watched: [[keep, 5]], disliked: [] },
      { userId: 'stays', watched: [[keep, 11]], disliked: [] },
    ],
  };
  const { lines, log } = collect();
  const d = await loadTrainingData({ dataDir, eventsDb: path }, log, previous);
  const gone = [...d.events].filter((e) => e.userId === 'gone');
  assert.deepEqual(
    gone.map((e) => [e.type, e.timestamp]),
    [['like', 30]],
    'only what the user did after the erasure',
  );
  assert.equal(
    d.users.find((u) => u.userId === 'gone')?.country,
    undefined,
    'no profile from the old bundle',
  );
  assert.ok(
    ![...d.events].some((e) => e.itemId === hidden || e.itemId === retired),
    'no event of a flagged item',
  );
  assert.ok(
    d.items.some((it) => it.itemId === hidden),
    'a hidden item stays in the catalogue',
  );
  assert.ok(!d.items.some((it) => it.itemId === retired), 'a retired item leaves it');
  assert.ok(lines.some((l) => /left out 1 erased users and 2 hidden or retired items/.test(l)));
});
