import assert from 'node:assert/strict';
import { test } from 'node:test';
import { relatedSource } from '../../src/candidates/related.ts';
import type { SourceInput } from '../../src/candidates/source.ts';
import type { SearchResult } from '../../src/index/candidate-index.ts';

/** Each seed's neighbours, itself first (as an index answers), best first. */
const NEIGHBOURS: Record<number, number[]> = {
  1: [1, 11, 12, 13, 14, 15],
  2: [2, 21, 22, 23, 24],
  3: [3, 31, 11, 32, 33],
  4: [4, 41, 42],
};

function lookup() {
  const asked: [number, number][] = [];
  const fn = (item: number, want: number): SearchResult => {
    asked.push([item, want]);
    const items = (NEIGHBOURS[item] ?? []).slice(0, want);
    return { items, scores: items.map((_, r) => 1 - r / 10) };
  };
  return { fn, asked };
}

const input = (watched: number[], disliked: number[] = []): SourceInput =>
  ({
    bundle: {},
    state: {
      watched,
      watchedAt: new Map(watched.map((i, r) => [i, r])),
      disliked: new Set(disliked),
    },
    userId: 'u',
    psi: Float32Array.of(1),
    now: 0,
  }) as unknown as SourceInput;

test('related: the neighbours of the last `seeds` watches, latest seed first, in turns', () => {
  const { fn, asked } = lookup();
  const src = relatedSource(fn, 2);
  assert.equal(src.name, 'related');
  const got = src.generate(input([1, 2, 3]), 6);
  assert.equal(got.source, 'related');
  // seeds 3 then 2 (item 1 is older than the last two watches): 31, 21, 11, 22, 32, 23
  assert.deepEqual(got.items, [31, 21, 11, 22, 32, 23]);
  assert.deepEqual(
    asked.map(([i]) => i),
    [3, 2],
  );
  // Asks for enough to fill the quota once the seen items are skipped: quota + watched + disliked + 1.
  for (const [, want] of asked) assert.equal(want, 6 + 3 + 0 + 1);
});

test('related: skips the seeds themselves, other watched and disliked items, and repeats', () => {
  const { fn } = lookup();
  const got = relatedSource(fn, 3).generate(input([2, 1, 3], [12, 31]), 20);
  // seeds 3, 1, 2; 3 itself, 1, 2 are watched, 31 and 12 disliked, 11 comes once.
  assert.deepEqual(got.items, [11, 21, 22, 32, 13, 23, 33, 14, 24, 15]);
  assert.equal(new Set(got.items).size, got.items.length);
  for (const bad of [1, 2, 3, 12, 31]) assert.ok(!got.items.includes(bad), `${bad} left out`);
});

test('related: the quota caps the list, mid-round too', () => {
  const { fn } = lookup();
  const src = relatedSource(fn, 3);
  assert.deepEqual(src.generate(input([1, 2, 3]), 1).items, [31]);
  assert.deepEqual(src.generate(input([1, 2, 3]), 4).items, [31, 21, 11, 22]);
  assert.equal(src.generate(input([1, 2, 3]), 100).items.length, 12, 'every distinct neighbour, 11 once');
});

test('related: nothing for a quota of 0 or a user without watches, and no lookups', () => {
  const { fn, asked } = lookup();
  const src = relatedSource(fn, 3);
  assert.deepEqual(src.generate(input([1, 2]), 0), { source: 'related', items: [] });
  assert.deepEqual(src.generate(input([]), 10), { source: 'related', items: [] });
  assert.equal(asked.length, 0);
});

test('related: a seed whose neighbours run out leaves the turns to the others', () => {
  const { fn } = lookup();
  const got = relatedSource(fn, 2).generate(input([1, 4]), 8);
  assert.deepEqual(got.items, [41, 11, 42, 12, 13, 14, 15]);
});
