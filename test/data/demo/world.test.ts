import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateWorld } from '../../../src/data/demo/world.ts';

test('deterministic for a seed; another seed differs', () => {
  const a = JSON.stringify(generateWorld({ seed: 5, scale: 0.1 }));
  assert.equal(JSON.stringify(generateWorld({ seed: 5, scale: 0.1 })), a);
  assert.notEqual(JSON.stringify(generateWorld({ seed: 6, scale: 0.1 })), a);
});

test('sizes follow the scale formula', () => {
  const w = generateWorld({ seed: 1, scale: 1 });
  assert.equal(w.items.length, 500);
  assert.equal(w.users.length, 1000);
  assert.equal(w.meta.topics.length, 12);
  assert.ok(w.events.length > 30_000 && w.events.length < 80_000, `${w.events.length} events`);
});

test('events are consistent with the catalogue and the planted structure', () => {
  const w = generateWorld({ seed: 2, scale: 0.3 });
  const items = new Map(w.items.map((i) => [i.itemId, i]));
  const ids = new Set<string>();
  const watchedBy = new Set<string>();
  let prev = Number.NEGATIVE_INFINITY;
  let watches = 0;
  let inPlanted = 0;
  for (const e of w.events) {
    assert.ok(e.timestamp >= prev, 'time-ordered');
    assert.ok(e.timestamp < w.meta.generatedAt);
    prev = e.timestamp;
    assert.ok(!ids.has(e.eventId!), 'unique eventIds');
    ids.add(e.eventId!);
    const item = items.get(e.itemId)!;
    assert.ok(item, 'known item');
    if (e.type === 'watch') {
      assert.ok(e.watchTime! > 0 && e.watchTime! <= item.durationSec, 'watch time within duration');
      const key = `${e.userId}/${e.itemId}`;
      assert.ok(!watchedBy.has(key), 'no item watched twice by a user');
      watchedBy.add(key);
      watches++;
      if (w.truth.userTopics[e.userId].includes(item.topic)) inPlanted++;
    } else {
      assert.equal(e.watchTime, undefined);
    }
  }
  assert.ok(inPlanted / watches > 0.6, `share of watches in planted topics: ${inPlanted / watches}`);
  for (const types of ['impression', 'watch', 'skip', 'like', 'dislike']) {
    assert.ok(
      w.events.some((e) => e.type === types),
      `has ${types} events`,
    );
  }
});
