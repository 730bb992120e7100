import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RecoEvent } from '../../src/data/types.ts';
import type { EventStore } from '../../src/events/store.ts';

const e = (over: Partial<RecoEvent>): RecoEvent => ({
  userId: 'u',
  itemId: 'i',
  type: 'watch',
  timestamp: 1000,
  ...over,
});

/** The behaviour every EventStore backend must have (gorse-style shared suite). */
export function eventStoreContract(name: string, make: () => EventStore): void {
  test(`${name}: append, byUser in time order, all, count`, () => {
    const s = make();
    try {
      assert.deepEqual(s.append([e({ timestamp: 3000, itemId: 'c' }), e({ timestamp: 1000, itemId: 'a' })]), {
        accepted: 2,
        duplicates: 0,
      });
      s.append([e({ userId: 'v', timestamp: 2000, itemId: 'b', watchTime: 4.5, context: { device: 'tv' } })]);
      assert.deepEqual(
        s.byUser('u').map((x) => x.itemId),
        ['a', 'c'],
      );
      assert.deepEqual(
        [...s.all()].map((x) => x.itemId),
        ['a', 'b', 'c'],
      );
      assert.deepEqual(
        s.byUser('v')[0],
        e({ userId: 'v', timestamp: 2000, itemId: 'b', watchTime: 4.5, context: { device: 'tv' } }),
      );
      assert.deepEqual(s.byUser('nobody'), []);
      assert.equal(s.count(), 3);
    } finally {
      s.close();
    }
  });

  test(`${name}: equal timestamps keep insertion order`, () => {
    const s = make();
    try {
      s.append([e({ itemId: 'x' }), e({ itemId: 'y' })]);
      s.append([e({ itemId: 'z' })]);
      assert.deepEqual(
        s.byUser('u').map((x) => x.itemId),
        ['x', 'y', 'z'],
      );
    } finally {
      s.close();
    }
  });

  test(`${name}: idempotent on eventId, across and within batches`, () => {
    const s = make();
    try {
      assert.deepEqual(s.append([e({ eventId: 'a' }), e({ eventId: 'b' })]), { accepted: 2, duplicates: 0 });
      assert.deepEqual(s.append([e({ eventId: 'a' }), e({ eventId: 'c' }), e({ eventId: 'c' })]), {
        accepted: 1,
        duplicates: 2,
      });
      assert.deepEqual(
        s.append([e({}), e({})]),
        { accepted: 2, duplicates: 0 },
        'events without an id are never duplicates',
      );
      assert.equal(s.count(), 5);
    } finally {
      s.close();
    }
  });

  test(`${name}: a failing batch stores nothing`, () => {
    const s = make();
    try {
      const bad = e({ itemId: 'bad' });
      Object.defineProperty(bad, 'userId', {
        get() {
          throw new Error('boom');
        },
      });
      assert.throws(() => s.append([e({ itemId: 'ok1' }), e({ itemId: 'ok2' }), bad]), /boom/);
      assert.equal(s.count(), 0);
    } finally {
      s.close();
    }
  });
}
