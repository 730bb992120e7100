import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ListCache } from '../../../src/serving/paging/list-cache.ts';

const clockAt = () => {
  const c = { now: 1000, read: () => c.now };
  return c;
};

test('a value lives for its TTL from when it was put, read or not', () => {
  const clock = clockAt();
  const cache = new ListCache<string>({ ttlMs: 100, maxEntries: 10, maxBytes: 1000 }, clock.read);
  cache.put('a', 'A', 10);
  clock.now += 99;
  assert.equal(cache.get('a'), 'A');
  clock.now += 1;
  assert.equal(cache.get('a'), undefined, 'a read does not extend it');
  assert.equal(cache.size, 0);
  assert.equal(cache.bytes, 0);
});

test('bounded by entries: the least recently used goes first', () => {
  const cache = new ListCache<number>({ ttlMs: 1e9, maxEntries: 2, maxBytes: 1000 });
  cache.put('a', 1, 1);
  cache.put('b', 2, 1);
  cache.get('a');
  cache.put('c', 3, 1);
  assert.equal(cache.get('b'), undefined);
  assert.equal(cache.get('a'), 1);
  assert.equal(cache.get('c'), 3);
});

test('bounded by bytes: evicts until the sum fits; a value over the whole bound is not kept', () => {
  const cache = new ListCache<number>({ ttlMs: 1e9, maxEntries: 100, maxBytes: 100 });
  cache.put('a', 1, 40);
  cache.put('b', 2, 40);
  cache.put('c', 3, 40);
  assert.equal(cache.size, 2);
  assert.equal(cache.bytes, 80);
  assert.equal(cache.get('a'), undefined);
  cache.put('huge', 4, 101);
  assert.equal(cache.get('huge'), undefined);
  assert.equal(cache.bytes, 80, 'nothing was evicted for it');
  cache.put('b', 5, 10);
  assert.equal(cache.bytes, 50, 'a key put again replaces its bytes');
});
