import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { hashBucket } from '../../src/data/hash.ts';

test('FNV-1a matches the published 32-bit test vectors', () => {
  const full = 2 ** 32;
  assert.equal(hashBucket('', full), 0x811c9dc5);
  assert.equal(hashBucket('a', full), 0xe40c292c);
  assert.equal(hashBucket('foobar', full), 0xbf9cf968);
});

test('the bucket is in [0, buckets), and the same for the same string', () => {
  fc.assert(
    fc.property(fc.string(), fc.integer({ min: 1, max: 1 << 20 }), (s, n) => {
      const b = hashBucket(s, n);
      return Number.isInteger(b) && b >= 0 && b < n && b === hashBucket(s, n);
    }),
  );
});

test('a bucket count that divides another gives the coarser bucket of the finer one', () => {
  fc.assert(fc.property(fc.string(), (s) => hashBucket(s, 1024) % 16 === hashBucket(s, 16)));
});

test('tags spread over the buckets', () => {
  const counts = new Array(8).fill(0);
  for (let i = 0; i < 8000; i++) counts[hashBucket(`tag-${i}`, 8)]++;
  for (const c of counts) assert.ok(c > 800 && c < 1200, `bucket count ${c}`);
});
