import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadBundle } from '../../../src/bundle/read.ts';
import { createMemoryStore } from '../../../src/events/memory-store.ts';
import { DEFAULT_RECOMMENDER, Recommender } from '../../../src/serving/recommender.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { trainTinyBundle } from '../../helpers/tiny-bundle.ts';

// The stages through the recommender that runs them (runStages is its synchronous part).
const root = tempDir('reco-pipeline-');
let r: Recommender;
let userId: string;

before(async () => {
  const dir = (await trainTinyBundle(root)).dir;
  r = new Recommender({ ...DEFAULT_RECOMMENDER, store: createMemoryStore() });
  const b = await loadBundle(dir, { minIndexRecall: 0 });
  await r.install(b);
  userId = [...b.users.values()].find((u) => u.watched.length >= 3)!.userId;
});
after(() => r.close());

test('exclude: the excluded items are gone and the list still has k items', async () => {
  const plain = await r.recommend({ userId, k: 5 });
  const exclude = plain.items.slice(0, 3).map((i) => i.itemId);
  const rec = await r.recommend({ userId, k: 5, exclude, explain: true });
  assert.equal(rec.items.length, 5);
  for (const id of exclude) assert.ok(!rec.items.some((i) => i.itemId === id), `${id} excluded`);
  assert.deepEqual(
    rec.items.slice(0, 2).map((i) => i.itemId),
    plain.items.slice(3, 5).map((i) => i.itemId),
    'the others keep their order',
  );
  const removed = rec.removed?.filter((x) => x.rule === 'exclude').map((x) => x.itemId);
  assert.deepEqual(removed?.sort(), [...exclude].sort(), 'explain says why they left');
});

test('exclude: ids the bundle does not know are ignored; a pinned item that is excluded is not placed', async () => {
  const plain = await r.recommend({ userId, k: 4 });
  const rec = await r.recommend({ userId, k: 4, exclude: ['no-such-item'] });
  assert.deepEqual(rec.items, plain.items);
  const pin = plain.items[3].itemId;
  const pinned = await r.recommend({ userId, k: 4, pinned: [{ itemId: pin, slot: 1 }], exclude: [pin] });
  assert.ok(!pinned.items.some((i) => i.itemId === pin));
});

test('listSize: the same ranking run, cut later; its first k items are the k-list', async () => {
  const page = await r.recommend({ userId, k: 5 });
  const long = await r.recommend({ userId, k: 5, listSize: 1000 });
  assert.ok(long.items.length > 5, `a longer list (${long.items.length})`);
  assert.deepEqual(
    long.items.slice(0, 5).map((i) => i.itemId),
    page.items.map((i) => i.itemId),
  );
  assert.equal(new Set(long.items.map((i) => i.itemId)).size, long.items.length, 'no item twice');
});
