import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SOURCES } from '../../src/bundle/sources-config.ts';
import { createRng } from '../../src/data/demo/rng.ts';
import {
  annFloor,
  exampleOrigins,
  mergedRanks,
  replayCandidates,
} from '../../src/training/candidate-sets.ts';
import { trainingWorld } from '../helpers/training-world.ts';

const dim = 4;
const w = trainingWorld();
const numItems = w.spec.items.ids.length;
const rng = createRng(3);
const vectors = Float32Array.from({ length: numItems * dim }, () => rng.normal());
const quotas = { ann: 5, related: 4, neighbours: 4, fresh: 3, trending: 3 };
const psi = Float32Array.from([1, 0.5, -0.2, 0.1]);
const allWatches = [...w.timelines.values()].flatMap((tl) => tl.watches).sort((a, b) => a.time - b.time);
const first = allWatches[0];
const last = allWatches[allWatches.length - 1];

const query = (userId: string, time: number, history: number[] = []) => ({
  userId,
  history,
  historyTimes: history.map(() => time - 1),
  psi,
  time,
});

test('replay: before the first watch nothing trends and no user is known; later both are', () => {
  const sets = replayCandidates(w.itemTable, vectors, dim, w.timelines, { config: DEFAULT_SOURCES, quotas });
  const early = sets.at(query('a', first.time, [first.item]));
  const sources = (m: Map<number, { source: string }[]>) =>
    new Set([...m.values()].flat().map((o) => o.source));
  assert.ok(!sources(early).has('trending'), 'no watch before the first one: nothing trends yet');
  assert.ok(!sources(early).has('neighbours'), 'the first user has no neighbours');
  assert.ok(sources(early).has('related'), 'the watched item has nearest items');
  const other = allWatches.find((x) => x.item !== first.item)!.item;
  const later = sets.at(query('b', last.time + 1, [other]));
  assert.ok(sources(later).has('trending'), 'every watch before now counts');
  assert.deepEqual(
    later.get(first.item)?.find((o) => o.source === 'neighbours'),
    { source: 'neighbours', rank: 0 },
    "user a joined the index (same ψ as b): what a watched is b's neighbours candidate",
  );
  for (const origins of later.values())
    for (const o of origins) assert.ok(o.rank < quotas[o.source as keyof typeof quotas], 'within the quota');
});

test('replay: a source with quota 0 adds nothing, and watched items are never candidates', () => {
  const off = { ...quotas, related: 0, neighbours: 0, trending: 0 };
  const sets = replayCandidates(w.itemTable, vectors, dim, w.timelines, {
    config: DEFAULT_SOURCES,
    quotas: off,
  });
  const history = allWatches.slice(0, 3).map((x) => x.item);
  const got = sets.at(query('c', last.time + 1, history));
  for (const [item, origins] of got) {
    assert.ok(!history.includes(item));
    assert.deepEqual(
      origins.map((o) => o.source),
      ['fresh'],
    );
  }
});

test('example origins: ann within its quota, then every other source that produced the item', () => {
  assert.deepEqual(exampleOrigins(3, 5, undefined), [{ source: 'ann', rank: 3 }]);
  assert.deepEqual(exampleOrigins(5, 5, undefined), [], 'rank 5 is the sixth: outside a quota of 5');
  assert.deepEqual(exampleOrigins(9, 5, [{ source: 'fresh', rank: 0 }]), [{ source: 'fresh', rank: 0 }]);
  assert.deepEqual(exampleOrigins(0, 5, [{ source: 'trending', rank: 2 }]), [
    { source: 'ann', rank: 0 },
    { source: 'trending', rank: 2 },
  ]);
});

test("ann's floor is the quota-th best score; with a sample, the sample's share of the quota", () => {
  const scores = Float32Array.from([99, 5, 1, 4, 3, 2]);
  assert.equal(annFloor(scores, 2, 1), 4, 'column 0 (OOV) is skipped');
  assert.equal(annFloor(scores, 10, 1), 1, 'a quota over the catalogue takes everything');
  assert.equal(annFloor(scores, 4, 0, 0.5), 5, 'half the catalogue sampled: 2 of the 6');
});

test('merged ranks: candidates below ann go after its quota, best ψ·v first, as the served merge orders them', () => {
  const v = Float32Array.from([0, 0, 3, 0, 1, 0, 2, 0, 9, 0]); // item i's score for ψ = (1, 0) is v[2i]
  const others = new Map([
    [1, [{ source: 'fresh' as const, rank: 0 }]],
    [2, [{ source: 'trending' as const, rank: 0 }]],
    [3, [{ source: 'related' as const, rank: 1 }]],
    [4, [{ source: 'related' as const, rank: 0 }]],
  ]);
  const ranks = mergedRanks(others, 10, 5, Float32Array.from([1, 0]), v);
  assert.deepEqual(
    [...ranks.entries()],
    [
      [1, 10],
      [3, 11],
      [2, 12],
    ],
  );
  assert.equal(ranks.get(4), undefined, 'item 4 scores above the floor: ann has it, at its own rank');
});

test("ann's floor equals the quota-th of the sorted scores, with ties and any quota", () => {
  for (let trial = 0; trial < 100; trial++) {
    const n = 1 + rng.int(300);
    const scores = Float32Array.from({ length: n }, () => rng.int(25) - 12);
    const quota = 1 + rng.int(n + 5);
    const sorted = [...scores.subarray(1)].sort((a, b) => b - a);
    const expected =
      sorted.length === 0 ? Number.POSITIVE_INFINITY : sorted[Math.min(quota, sorted.length) - 1];
    assert.equal(annFloor(scores, quota, 1), expected, `trial ${trial}`);
  }
});
