import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Item } from '../../src/data/types.ts';
import type { ItemFlags } from '../../src/events/store.ts';
import { announceChanges, shareItemChanges } from '../../src/serving/item-changes.ts';
import { FakeEngine } from '../helpers/fake-engine.ts';

const item: Item = { itemId: 'i1', topic: 'sport', tags: [], durationSec: 9, publishedAt: 0 };
const settled = () => new Promise((r) => setImmediate(r));

/** A link that records what this worker sends and lets the test deliver what others send. */
function fakeLink() {
  const sent: (Item | undefined)[] = [];
  let heard: (item: Item | undefined) => void = () => {};
  return {
    sent,
    deliver: (i?: Item) => heard(i),
    broadcastItems: (i?: Item) => void sent.push(i),
    onItems: (f: (i: Item | undefined) => void) => {
      heard = f;
    },
  };
}

test('changes made here are served here, then announced to the other workers', () => {
  const engine = new FakeEngine();
  const link = fakeLink();
  const flags = new Map<string, ItemFlags>([['i1', { hidden: true, retired: false }]]);
  const data = shareItemChanges(engine, { itemFlags: async () => new Map() }, link);
  data.flagItems(flags);
  assert.equal(engine.flags, flags);
  assert.equal(data.updateItem(item), true, "the engine's answer");
  assert.deepEqual(engine.updatedItems, [item]);
  assert.deepEqual(link.sent, [undefined, item]);
  assert.deepEqual(data.servedItem('i1').known, true);
});

test("another worker's change: the flags read again from the store, the item re-embedded, nothing re-announced", async () => {
  const engine = new FakeEngine();
  const link = fakeLink();
  const stored = new Map<string, ItemFlags>([['i4', { hidden: true, retired: true }]]);
  shareItemChanges(engine, { itemFlags: async () => stored }, link);
  link.deliver();
  await settled();
  assert.equal(engine.flags, stored);
  assert.deepEqual(engine.updatedItems, []);
  link.deliver(item);
  await settled();
  assert.deepEqual(engine.updatedItems, [item]);
  assert.deepEqual(link.sent, [], 'no echo');
});

test('a store that cannot be read leaves the served flags as they were (the next poll reads them)', async () => {
  const engine = new FakeEngine();
  const link = fakeLink();
  shareItemChanges(engine, { itemFlags: () => Promise.reject(new Error('down')) }, link);
  link.deliver(item);
  await settled();
  assert.equal(engine.flags.size, 0);
  assert.deepEqual(engine.updatedItems, []);
});

/** A feed that records announcements and lets the test deliver another replica's. */
function fakeFeed() {
  let announced = 0;
  let heard: () => void = () => {};
  return {
    get announced() {
      return announced;
    },
    deliver: () => heard(),
    announce: async () => void announced++,
    onChange: (f: () => void) => {
      heard = f;
    },
  };
}

test('across hosts: each change is served here, then announced; an erasure is announced once durable', async () => {
  const engine = new FakeEngine();
  const feed = fakeFeed();
  const data = announceChanges(engine, feed, async () => {});
  data.flagItems(new Map([['i1', { hidden: true, retired: false }]]));
  assert.equal(engine.flags.get('i1')?.hidden, true);
  assert.equal(data.updateItem(item), true);
  await data.forgetUser('u1');
  assert.equal(feed.announced, 3);
  assert.equal(data.servedItem('i1').known, true);
});

test("another host's nudge runs one sync; nudges during a sync fold into one more after it", async () => {
  const feed = fakeFeed();
  const releases: (() => void)[] = [];
  let syncs = 0;
  announceChanges(new FakeEngine(), feed, () => {
    syncs++;
    return new Promise<void>((r) => releases.push(r));
  });
  feed.deliver();
  feed.deliver();
  feed.deliver();
  assert.equal(syncs, 1, 'one at a time');
  releases.shift()!();
  await settled();
  assert.equal(syncs, 2, 'the three nudges cost two syncs');
  releases.shift()!();
  await settled();
  assert.equal(syncs, 2);
  assert.equal(feed.announced, 0, 'nothing re-announced');
});

test('a sync that fails (store down) does not stop the next nudge from syncing', async () => {
  const feed = fakeFeed();
  let syncs = 0;
  announceChanges(new FakeEngine(), feed, async () => {
    syncs++;
    throw new Error('down');
  });
  feed.deliver();
  await settled();
  feed.deliver();
  await settled();
  assert.equal(syncs, 2);
});
