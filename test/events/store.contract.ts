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

  withStore(
    'catalogue items: upsert by itemId, last of a batch wins, a changed item moves to the end',
    async (s) => {
      const item = (itemId: string, topic: string) => ({
        itemId,
        topic,
        tags: ['a'],
        durationSec: 30,
        publishedAt: 5,
      });
      assert.deepEqual(await s.items(), []);
      assert.deepEqual(await s.putItems([item('x', 't1'), item('y', 't1'), item('x', 't2')]), { stored: 2 });
      assert.deepEqual(
        await s.items(),
        [item('x', 't2'), item('y', 't1')],
        'a batch: first place, last value',
      );
      await s.putItems([item('z', 't3'), item('y', 't4')]);
      assert.deepEqual(await s.items(), [item('x', 't2'), item('z', 't3'), item('y', 't4')]);
      const first = await s.itemsSince(0);
      assert.deepEqual(first.items, await s.items());
      assert.deepEqual(await s.itemsSince(first.cursor), { items: [], cursor: first.cursor });
      await s.putItems([item('w', 't5'), item('x', 't6')]);
      const next = await s.itemsSince(first.cursor);
      // How another replica learns of an edit (PATCH /items) without re-reading the table.
      assert.deepEqual(
        next.items,
        [item('w', 't5'), item('x', 't6')],
        'items stored or changed after the cursor',
      );
      assert.deepEqual((await s.itemsSince(next.cursor)).items, []);
      await s.putItems([item('z', 't3')]);
      assert.deepEqual((await s.itemsSince(next.cursor)).items, [], 'stored again unchanged: not a change');
      assert.deepEqual(
        (await s.items()).map((it) => it.itemId),
        ['z', 'y', 'w', 'x'],
      );
    },
  );

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
    const x = (await s.items()).find((it) => it.itemId === 'x');
    assert.equal(x?.provider, undefined, 'an update without a provider has none');
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

  withStore('byUser with a limit: the latest events, oldest first', async (s) => {
    await s.append([3000, 1000, 2000, 4000].map((t) => e({ timestamp: t, itemId: `at${t}` })));
    await s.append([search({ timestamp: 5000 }), e({ userId: 'v', timestamp: 9000 })]);
    assert.deepEqual(
      (await s.byUser('u', 2)).map((x) => x.itemId),
      ['at3000', 'at4000'],
    );
    assert.equal((await s.byUser('u', 10)).length, 4);
    assert.equal((await s.byUser('u')).length, 4);
  });

  withStore('recommendationId and position round-trip on item events', async (s) => {
    const shown = e({ type: 'impression', recommendationId: 'r_1-A', position: 0, itemId: 'a' });
    const watched = e({ recommendationId: 'r_1-A', position: 999, itemId: 'b', timestamp: 2000 });
    await s.append([shown, watched, e({ itemId: 'c', timestamp: 3000 })]);
    assert.deepEqual(await s.byUser('u'), [shown, watched, e({ itemId: 'c', timestamp: 3000 })]);
    assert.deepEqual((await collect(s.all()))[1], watched);
  });

  withStore('userEvents: newest first, searches among them, paged by key, filtered by type', async (s) => {
    await s.append([e({ timestamp: 1000, itemId: 'a' }), e({ timestamp: 3000, itemId: 'c', type: 'like' })]);
    await s.append([search({ timestamp: 2000 }), e({ timestamp: 3000, itemId: 'd' }), e({ userId: 'v' })]);
    const first = await s.userEvents('u', { limit: 2 });
    const label = (x: { event: RecoEvent | SearchEvent }) =>
      'itemId' in x.event ? x.event.itemId : 'search';
    assert.deepEqual(first.map(label), ['d', 'c'], 'equal times: the later stored first');
    const rest = await s.userEvents('u', { limit: 10, before: first[1].key });
    assert.deepEqual(rest.map(label), ['search', 'a']);
    assert.deepEqual(rest[0].event, search({ timestamp: 2000 }));
    assert.deepEqual(await s.userEvents('u', { limit: 10, before: rest[1].key }), []);
    assert.deepEqual((await s.userEvents('u', { limit: 10, type: 'search' })).map(label), ['search']);
    assert.deepEqual((await s.userEvents('u', { limit: 10, type: 'like' })).map(label), ['c']);
    assert.deepEqual(await s.userEvents('nobody', { limit: 10 }), []);
  });

  withStore('userEvents: a page is stable under writes made after its key', async (s) => {
    await s.append([1, 2, 3, 4].map((k) => e({ timestamp: k * 1000, itemId: `i${k}` })));
    const first = await s.userEvents('u', { limit: 2 });
    await s.append([e({ timestamp: 9000, itemId: 'late' }), e({ timestamp: 3500, itemId: 'between' })]);
    const next = await s.userEvents('u', { limit: 2, before: first[1].key });
    assert.deepEqual(
      next.map((x) => (x.event as RecoEvent).itemId),
      ['i2', 'i1'],
      'nothing repeats, nothing after the key shifts the page',
    );
  });

  withStore('eraseUser: every event and search of the user goes, the erasure is recorded', async (s) => {
    await s.append([e({ eventId: 'x1' }), search({}), e({ userId: 'v', itemId: 'kept' })]);
    assert.equal(await s.erasedAt('u'), undefined);
    assert.deepEqual(await s.eraseUser('u', 5000), { events: 2 });
    assert.deepEqual(await s.byUser('u'), []);
    assert.deepEqual(await s.searchesByUser('u'), []);
    assert.deepEqual(await s.userEvents('u', { limit: 10 }), []);
    assert.deepEqual(
      (await collect(s.all())).map((x) => x.userId),
      ['v'],
    );
    assert.deepEqual(await collect(s.searches()), []);
    assert.equal(await s.count(), 1);
    assert.equal(await s.erasedAt('u'), 5000);
    assert.deepEqual(await s.erasedUsers(), new Map([['u', 5000]]));
    assert.deepEqual(await s.eraseUser('u', 6000), { events: 0 }, 'erasing again is harmless');
    assert.equal(await s.erasedAt('u'), 6000);
    assert.deepEqual(await s.eraseUser('never-seen', 7000), { events: 0 });
    assert.equal((await s.erasedUsers()).size, 2);
  });

  withStore('item flags: set, read back, cleared when neither is set', async (s) => {
    assert.deepEqual(await s.itemFlags(), new Map());
    await s.setItemFlags('a', { hidden: true, retired: false });
    await s.setItemFlags('b', { hidden: true, retired: true });
    await s.setItemFlags('a', { hidden: true, retired: false });
    assert.deepEqual(
      await s.itemFlags(),
      new Map([
        ['a', { hidden: true, retired: false }],
        ['b', { hidden: true, retired: true }],
      ]),
    );
    await s.setItemFlags('a', { hidden: false, retired: false });
    assert.deepEqual([...(await s.itemFlags()).keys()], ['b']);
  });

  withStore('prune: the oldest events before the cutoff, by type, at most limit', async (s) => {
    await s.append([
      e({ timestamp: 1000, type: 'impression', itemId: 'a' }),
      e({ timestamp: 2000, itemId: 'b' }),
      e({ timestamp: 3000, type: 'impression', itemId: 'c' }),
      search({ timestamp: 1500 }),
      e({ timestamp: 9000, type: 'impression', itemId: 'new' }),
    ]);
    assert.equal(await s.prune({ cutoff: 5000, types: ['impression'], limit: 1 }), 1);
    assert.deepEqual(
      (await s.byUser('u')).map((x) => x.itemId),
      ['b', 'c', 'new'],
    );
    assert.equal(await s.prune({ cutoff: 5000, types: ['impression'], limit: 10 }), 1);
    assert.equal(await s.prune({ cutoff: 5000, limit: 10 }), 2, 'no types: every type, searches too');
    assert.deepEqual(
      (await s.byUser('u')).map((x) => x.itemId),
      ['new'],
    );
    assert.equal(await s.count(), 1);
    assert.equal(await s.prune({ cutoff: 5000, limit: 10 }), 0);
  });
}
