import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RecoEvent, SearchEvent } from '../../src/data/types.ts';
import type { EventStore } from '../../src/events/store.ts';

const e = (over: Partial<RecoEvent>): RecoEvent => ({
  userId: 'u',
  itemId: 'i',
  type: 'watch',
  timestamp: 1000,
  ...over,
});

const search = (over: Partial<SearchEvent>): SearchEvent => ({
  userId: 'u',
  type: 'search',
  query: 'space opera',
  timestamp: 1000,
  ...over,
});

const collect = async <E>(it: AsyncIterable<E>): Promise<E[]> => {
  const out: E[] = [];
  for await (const x of it) out.push(x);
  return out;
};

/**
 * The behaviour every EventStore backend must have (a gorse-style shared suite). `make`
 * returns an empty store.
 */
export function eventStoreContract(
  name: string,
  make: () => Promise<EventStore>,
  opts: { skip?: string } = {},
): void {
  const withStore = (title: string, body: (s: EventStore) => Promise<void>) =>
    test(`${name}: ${title}`, { skip: opts.skip }, async () => {
      const s = await make();
      try {
        await body(s);
      } finally {
        await s.close();
      }
    });

  withStore('append, byUser in time order, all, count', async (s) => {
    assert.deepEqual(
      await s.append([e({ timestamp: 3000, itemId: 'c' }), e({ timestamp: 1000, itemId: 'a' })]),
      {
        accepted: 2,
        duplicates: 0,
      },
    );
    await s.append([
      e({ userId: 'v', timestamp: 2000, itemId: 'b', watchTime: 4.5, context: { device: 'tv' } }),
    ]);
    assert.deepEqual(
      (await s.byUser('u')).map((x) => x.itemId),
      ['a', 'c'],
    );
    assert.deepEqual(
      (await collect(s.all())).map((x) => x.itemId),
      ['a', 'b', 'c'],
    );
    assert.deepEqual(
      (await s.byUser('v'))[0],
      e({ userId: 'v', timestamp: 2000, itemId: 'b', watchTime: 4.5, context: { device: 'tv' } }),
    );
    assert.deepEqual(await s.byUser('nobody'), []);
    assert.equal(await s.count(), 3);
  });

  withStore(
    'every field round-trips: types, fractional watch time, unicode, epoch-ms timestamps',
    async (s) => {
      const events: RecoEvent[] = [
        e({ type: 'like', itemId: 'ü-ñ-映画', timestamp: 253_402_300_799_000, eventId: 'é1' }),
        e({ type: 'dislike', itemId: 'x', timestamp: 1, context: { device: 'mobile', country: 'DE' } }),
        e({ type: 'skip', itemId: 'y', timestamp: 1_700_000_000_123, watchTime: 0.125 }),
      ];
      await s.append(events);
      assert.deepEqual(await s.byUser('u'), [events[1], events[2], events[0]]);
    },
  );

  withStore('equal timestamps keep insertion order, within and across batches', async (s) => {
    await s.append([e({ itemId: 'x' }), e({ itemId: 'y' })]);
    await s.append([e({ itemId: 'z' })]);
    assert.deepEqual(
      (await s.byUser('u')).map((x) => x.itemId),
      ['x', 'y', 'z'],
    );
  });

  withStore('idempotent on eventId, across and within batches', async (s) => {
    assert.deepEqual(await s.append([e({ eventId: 'a' }), e({ eventId: 'b' })]), {
      accepted: 2,
      duplicates: 0,
    });
    assert.deepEqual(await s.append([e({ eventId: 'a' }), e({ eventId: 'c' }), e({ eventId: 'c' })]), {
      accepted: 1,
      duplicates: 2,
    });
    assert.deepEqual(
      await s.append([e({}), e({})]),
      { accepted: 2, duplicates: 0 },
      'events without an id are never duplicates',
    );
    assert.equal(await s.count(), 5);
  });

  withStore('concurrent appends of the same eventId store it once', async (s) => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, k) => s.append([e({ eventId: 'same' }), e({ eventId: `own-${k}` })])),
    );
    assert.equal(
      results.reduce((n, r) => n + r.accepted, 0),
      9,
    );
    assert.equal(await s.count(), 9);
  });

  withStore('a failing batch stores nothing', async (s) => {
    const bad = e({ itemId: 'bad' });
    Object.defineProperty(bad, 'userId', {
      get() {
        throw new Error('boom');
      },
    });
    await assert.rejects(s.append([e({ itemId: 'ok1' }), e({ itemId: 'ok2' }), bad]), /boom/);
    assert.equal(await s.count(), 0);
  });

  withStore('catalogue items: upsert by itemId, last of a batch wins, first-stored order kept', async (s) => {
    const item = (itemId: string, topic: string) => ({
      itemId,
      topic,
      tags: ['a'],
      durationSec: 30,
      publishedAt: 5,
    });
    assert.deepEqual(await s.items(), []);
    assert.deepEqual(await s.putItems([item('x', 't1'), item('y', 't1'), item('x', 't2')]), { stored: 2 });
    await s.putItems([item('z', 't3'), item('y', 't4')]);
    assert.deepEqual(await s.items(), [item('x', 't2'), item('y', 't4'), item('z', 't3')]);
    const first = await s.itemsSince(0);
    assert.deepEqual(first.items, await s.items());
    assert.deepEqual(await s.itemsSince(first.cursor), { items: [], cursor: first.cursor });
    await s.putItems([item('w', 't5'), item('x', 't6')]);
    const next = await s.itemsSince(first.cursor);
    assert.deepEqual(next.items, [item('w', 't5')], 'only items first stored after the cursor');
    assert.deepEqual((await s.itemsSince(next.cursor)).items, []);
  });

  withStore('catalogue items keep their provider (and an update may change or drop it)', async (s) => {
    const item = { itemId: 'x', topic: 't', tags: [], durationSec: 30, publishedAt: 5 };
    await s.putItems([
      { ...item, provider: 'Studio ü-映画' },
      { ...item, itemId: 'y' },
    ]);
    assert.deepEqual(await s.items(), [
      { ...item, provider: 'Studio ü-映画' },
      { ...item, itemId: 'y' },
    ]);
    await s.putItems([
      { ...item, provider: 'p2' },
      { ...item, itemId: 'y', provider: 'p3' },
    ]);
    assert.deepEqual(
      (await s.itemsSince(0)).items.map((it) => it.provider),
      ['p2', 'p3'],
    );
    await s.putItems([item]);
    assert.equal((await s.items())[0].provider, undefined, 'an update without a provider has none');
  });

  withStore('all() streams a large store in order', async (s) => {
    const n = 12_345;
    const batch = Array.from({ length: n }, (_, k) =>
      e({ userId: `u${k % 97}`, itemId: `i${k}`, timestamp: n - k }),
    );
    await s.append(batch.slice(0, 10_000));
    await s.append(batch.slice(10_000));
    const all = await collect(s.all());
    assert.equal(all.length, n);
    for (let k = 1; k < n; k++) assert.ok(all[k - 1].timestamp <= all[k].timestamp);
    assert.equal(all[0].itemId, `i${n - 1}`);
  });

  withStore('searches: stored beside item events, never among them, idempotent on eventId', async (s) => {
    const q = search({
      query: 'Ünïcode 映画 & "quotes"',
      timestamp: 1500,
      eventId: 's1',
      context: { device: 'tv' },
    });
    assert.deepEqual(
      await s.append([e({ timestamp: 2000, itemId: 'a' }), q, search({ userId: 'v', timestamp: 500 })]),
      { accepted: 3, duplicates: 0 },
    );
    assert.deepEqual(await s.append([q]), { accepted: 0, duplicates: 1 });
    assert.equal(await s.count(), 3, 'count includes searches');
    assert.deepEqual(
      (await s.byUser('u')).map((x) => x.itemId),
      ['a'],
    );
    assert.deepEqual(
      (await collect(s.all())).map((x) => x.itemId),
      ['a'],
    );
    assert.deepEqual(await s.searchesByUser('u'), [q]);
    assert.deepEqual(await s.searchesByUser('nobody'), []);
    assert.deepEqual(
      (await collect(s.searches())).map((x) => [x.userId, x.query, x.timestamp]),
      [
        ['v', 'space opera', 500],
        ['u', q.query, 1500],
      ],
    );
    const got = (await s.searchesByUser('v'))[0];
    assert.ok(!('itemId' in got) && !('watchTime' in got) && !('eventId' in got));
  });
}
