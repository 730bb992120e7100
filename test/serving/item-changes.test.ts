import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Item } from '../../src/data/types.ts';
import { announceChanges, linkFeed } from '../../src/serving/item-changes.ts';
import { FakeEngine } from '../helpers/fake-engine.ts';

const item: Item = { itemId: 'i1', topic: 'sport', tags: [], durationSec: 9, publishedAt: 0 };
const settled = () => new Promise((r) => setImmediate(r));

test("a host's workers as a feed: an announcement is a cluster nudge, a nudge from the primary a change", async () => {
  let sent = 0;
  let heard: () => void = () => {};
  const feed = linkFeed({
    broadcastItems: () => void sent++,
    onItems: (f) => {
      heard = f;
    },
  });
  let changes = 0;
  feed.onChange(() => changes++);
  await feed.announce();
  heard();
  assert.deepEqual({ sent, changes }, { sent: 1, changes: 1 });
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
