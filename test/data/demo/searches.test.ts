import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateSearches } from '../../../src/data/demo/searches.ts';
import { generateWorld } from '../../../src/data/demo/world.ts';

const world = generateWorld({ seed: 3, scale: 0.2 });
const input = {
  items: world.items,
  events: world.events,
  userTopics: world.truth.userTopics,
  topics: world.meta.topics,
};

test('deterministic for a seed, in time order, and the world itself is not touched', () => {
  const before = JSON.stringify(world);
  const a = generateSearches(input, 3);
  assert.deepEqual(generateSearches(input, 3), a);
  assert.notDeepEqual(generateSearches(input, 4), a);
  assert.equal(JSON.stringify(world), before);
  for (let i = 1; i < a.length; i++) assert.ok(a[i - 1].timestamp <= a[i].timestamp);
  assert.equal(new Set(a.map((s) => s.eventId)).size, a.length);
});

test('searches reveal the user’s topics, with noise, shortly before one of their sessions', () => {
  const searches = generateSearches(input, 3);
  const users = Object.keys(world.truth.userTopics);
  assert.ok(searches.length > users.length * 0.5, `${searches.length} searches for ${users.length} users`);
  let preferred = 0;
  for (const s of searches) {
    const named = world.meta.topics.filter((t) => s.query.split(' ').includes(t));
    assert.equal(named.length, 1, s.query);
    if (world.truth.userTopics[s.userId].includes(named[0])) preferred++;
    const next = world.events.find((e) => e.userId === s.userId && e.timestamp > s.timestamp);
    assert.ok(next && next.timestamp - s.timestamp <= 10 * 60_000, 'a session follows within 10 minutes');
  }
  const share = preferred / searches.length;
  assert.ok(share > 0.75 && share < 0.95, `preferred-topic share ${share}`);
});
