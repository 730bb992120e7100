import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { BundleUser } from '../../src/bundle/contents.ts';
import {
  mergeCatalogues,
  mergeUsers,
  readCurrentBundle,
  replayHistories,
} from '../../src/bundle/previous.ts';
import { pointCurrent } from '../../src/bundle/write.ts';
import type { Item, RecoEvent } from '../../src/data/types.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const root = tempDir('reco-previous-');
const item = (itemId: string, topic = 't'): Item => ({
  itemId,
  topic,
  tags: [],
  durationSec: 10,
  publishedAt: 0,
});

test('mergeCatalogues: fresh records replace the previous ones by id, new ids join, order kept', () => {
  const out = mergeCatalogues([item('a', 'old'), item('b')], [item('c'), item('a', 'new')]);
  assert.deepEqual(
    out.map((i) => [i.itemId, i.topic]),
    [
      ['a', 'new'],
      ['b', 't'],
      ['c', 't'],
    ],
  );
});

test('mergeUsers: demographics only (no histories), fresh records win', () => {
  const prev: BundleUser[] = [
    { userId: 'u1', age: 30, country: 'FR', watched: [['a', 1]], disliked: ['b'] },
    { userId: 'u2', device: 'tv', watched: [], disliked: [] },
  ];
  assert.deepEqual(mergeUsers(prev, [{ userId: 'u1', age: 31 }]), [
    { userId: 'u1', age: 31 },
    { userId: 'u2', device: 'tv' },
  ]);
});

test('replayHistories: first watches at their times, dislikes just after the last watch, minus what fresh data holds', () => {
  const prev: BundleUser[] = [
    {
      userId: 'u1',
      watched: [
        ['a', 100],
        ['b', 300],
        ['c', 200],
      ],
      disliked: ['d', 'e'],
    },
    { userId: 'u2', watched: [], disliked: ['a'] },
  ];
  const fresh: RecoEvent[] = [
    { userId: 'u1', itemId: 'b', type: 'watch', timestamp: 300, watchTime: 9 },
    { userId: 'u1', itemId: 'c', type: 'watch', timestamp: 201 },
    { userId: 'u1', itemId: 'e', type: 'dislike', timestamp: 5 },
  ];
  assert.deepEqual(replayHistories(prev, fresh), [
    { userId: 'u1', itemId: 'a', type: 'watch', timestamp: 100 },
    { userId: 'u1', itemId: 'c', type: 'watch', timestamp: 200 },
    { userId: 'u1', itemId: 'd', type: 'dislike', timestamp: 301 },
    { userId: 'u2', itemId: 'a', type: 'dislike', timestamp: 1 },
  ]);
  assert.deepEqual(replayHistories([], fresh), []);
});

test('readCurrentBundle: undefined without current; the bundle when readable', async () => {
  const m = join(root, 'ok');
  assert.equal(await readCurrentBundle(m), undefined);
  const v = '20260101-000000000-00000001';
  mkdirSync(join(m, v), { recursive: true });
  const manifest = {
    formatVersion: 2,
    version: v,
    kinds: { retrieval: 'softmax-dnn', ranker: 'none', index: 'exact' },
    dims: { numItems: 2, dim: 4, denseWidth: 1, historyLength: 1, rankerWidth: 1 },
  };
  writeFileSync(join(m, v, 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(
    join(m, v, 'items.json'),
    JSON.stringify({ items: [item('a')], watches: [1], recentWatches: [0] }),
  );
  writeFileSync(join(m, v, 'users.json'), JSON.stringify([{ userId: 'u', watched: [], disliked: [] }]));
  await pointCurrent(m, v);
  const b = await readCurrentBundle(m);
  assert.ok(b && !('unreadable' in b));
  assert.equal(b.manifest.version, v);
  assert.deepEqual(b.items, [item('a')]);
  assert.equal(b.users[0].userId, 'u');
  assert.ok(b.dir.endsWith(v));
});

test('readCurrentBundle: an unreadable bundle says why, by its name, without a path', async () => {
  const m = join(root, 'bad');
  const v = '20260101-000000000-00000002';
  mkdirSync(join(m, v), { recursive: true });
  writeFileSync(join(m, v, 'manifest.json'), JSON.stringify({ formatVersion: 1, version: v }));
  await pointCurrent(m, v);
  const b = await readCurrentBundle(m);
  assert.ok(b && 'unreadable' in b);
  assert.match(b.unreadable, new RegExp(`^${v}: ${v}/manifest.json: expected formatVersion 2`));
  assert.ok(!b.unreadable.includes(root));
  writeFileSync(
    join(m, v, 'manifest.json'),
    JSON.stringify({
      formatVersion: 2,
      version: v,
      kinds: { retrieval: 'softmax-dnn', ranker: 'none', index: 'exact' },
      dims: { numItems: 1, dim: 1, denseWidth: 1, historyLength: 1, rankerWidth: 1 },
    }),
  );
  writeFileSync(join(m, v, 'items.json'), '{"items": 3}');
  writeFileSync(join(m, v, 'users.json'), '[]');
  const c = await readCurrentBundle(m);
  assert.ok(c && 'unreadable' in c);
  assert.match(c.unreadable, /items\.json or users\.json malformed/);
});
