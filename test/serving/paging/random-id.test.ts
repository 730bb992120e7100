import assert from 'node:assert/strict';
import { test } from 'node:test';
import { randomId } from '../../../src/serving/paging/random-id.ts';

test('random ids: the bytes asked for, base64url, none repeated across many pool refills', () => {
  const seen = new Set<string>();
  // 10,000 ids of 16 bytes draw the 4 KiB pool ~40 times, and ids of other sizes shift where a refill falls.
  for (let i = 0; i < 10_000; i++) {
    const bytes = i % 7 === 0 ? 5 : 16;
    const id = randomId(bytes);
    assert.match(id, /^[\w-]+$/);
    assert.equal(Buffer.from(id, 'base64url').length, bytes);
    seen.add(id);
  }
  assert.equal(seen.size, 10_000);
});

test('more than the pool holds at once is refused', () => {
  assert.throws(() => randomId(4097), RangeError);
});
