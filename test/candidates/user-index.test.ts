import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RECENT_PER_USER, UserIndex } from '../../src/candidates/user-index.ts';

const v = (...x: number[]) => Float32Array.from(x);
const ids = (got: { userId: string }[]) => got.map((u) => u.userId);

test('empty: size 0, nobody nearest', () => {
  const u = new UserIndex(2, 4);
  assert.equal(u.size, 0);
  assert.equal(u.dim, 2);
  assert.equal(u.capacity, 4);
  assert.deepEqual(u.nearest(v(1, 0), 3), []);
});

test('nearest by cosine (not by inner product), best first, scores the cosines', () => {
  const u = new UserIndex(2, 10);
  u.upsert('east', v(10, 0), [1]);
  u.upsert('north', v(0, 0.1), [2]);
  u.upsert('north-east', v(3, 3), [3]);
  u.upsert('west', v(-1, 0), [4]);
  const got = u.nearest(v(2, 1), 4);
  assert.deepEqual(ids(got), ['north-east', 'east', 'north', 'west'], 'east’s longer ψ does not count');
  const q = 1 / Math.sqrt(5);
  const want = [3 * q * Math.SQRT1_2, 2 * q, q, -2 * q];
  for (const [r, g] of got.entries()) assert.ok(Math.abs(g.score - want[r]) < 1e-6, `${g.userId} ${g.score}`);
  assert.deepEqual(ids(u.nearest(v(0, 5), 2)), ['north', 'north-east']);
  assert.deepEqual(ids(u.nearest(v(2, 1), 1)), ['north-east'], 'the first k only');
});

test('nearest leaves out the excluded user (the asker)', () => {
  const u = new UserIndex(2, 10);
  u.upsert('me', v(1, 0), [1]);
  u.upsert('close', v(1, 0.1), [1]);
  u.upsert('far', v(0, 1), [1]);
  assert.deepEqual(ids(u.nearest(v(1, 0), 5, 'me')), ['close', 'far']);
  assert.deepEqual(ids(u.nearest(v(1, 0), 1, 'me')), ['close']);
  assert.deepEqual(ids(u.nearest(v(1, 0), 5)), ['me', 'close', 'far']);
  assert.deepEqual(ids(u.nearest(v(1, 0), 5, 'nobody')), ['me', 'close', 'far']);
});

test('nearest with k = 0 is empty (not a crash)', () => {
  const u = new UserIndex(2, 3);
  u.upsert('a', v(1, 0), [1]);
  assert.deepEqual(u.nearest(v(1, 0), 0), []);
});

test('nearest keeps the k best of many in order (the bounded insertion), as a full sort would', () => {
  const u = new UserIndex(3, 500);
  const all: { id: string; x: Float32Array }[] = [];
  let seed = 11;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31 - 0.5;
  };
  for (let i = 0; i < 300; i++) {
    const x = v(rnd(), rnd(), rnd());
    all.push({ id: `u${i}`, x });
    u.upsert(`u${i}`, x, [1]);
  }
  const q = v(0.3, -0.2, 0.9);
  const cos = (x: Float32Array) =>
    (x[0] * q[0] + x[1] * q[1] + x[2] * q[2]) / Math.hypot(...x) / Math.hypot(...q);
  const want = all.sort((a, b) => cos(b.x) - cos(a.x)).map((a) => a.id);
  for (const k of [1, 2, 7, 50, 300, 400]) {
    const got = u.nearest(q, k);
    assert.deepEqual(ids(got), want.slice(0, k), `k ${k}`);
    for (let r = 1; r < got.length; r++) assert.ok(got[r - 1].score >= got[r].score);
  }
});

test('upsert replaces the user’s vector and watches in place', () => {
  const u = new UserIndex(2, 4);
  u.upsert('a', v(1, 0), [1, 2]);
  u.upsert('b', v(0, 1), [3]);
  const slot = u.nearest(v(1, 0), 1)[0].slot;
  u.upsert('a', v(0, -1), [5, 6, 7]);
  assert.equal(u.size, 2);
  assert.equal(u.has('a'), true);
  const near = u.nearest(v(0, -1), 2);
  assert.deepEqual(ids(near), ['a', 'b']);
  assert.ok(Math.abs(near[0].score - 1) < 1e-6);
  assert.equal(near[0].slot, slot, 'same slot');
  assert.deepEqual(u.recentOf(slot), [7, 6, 5], 'old watches replaced');
});

test('recentOf: the last RECENT_PER_USER watches, latest first', () => {
  const u = new UserIndex(1, 2);
  const watched = Array.from({ length: 15 }, (_, i) => i + 1);
  u.upsert('a', v(1), watched);
  const slot = u.nearest(v(1), 1)[0].slot;
  assert.equal(RECENT_PER_USER, 10);
  assert.deepEqual(u.recentOf(slot), [15, 14, 13, 12, 11, 10, 9, 8, 7, 6]);
  assert.deepEqual(watched.length, 15, 'the caller’s history is not reversed');
  assert.deepEqual(watched.slice(-2), [14, 15]);
  u.upsert('b', v(-1), [4, 9]);
  assert.deepEqual(u.recentOf(u.nearest(v(-1), 1)[0].slot), [9, 4]);
  u.upsert('c', v(-1), []);
  assert.deepEqual(u.recentOf(u.nearest(v(-1), 1)[0].slot), [], 'no watches, nothing recent');
});

test('bounded: at capacity the least recently upserted user gives up their slot', () => {
  const u = new UserIndex(2, 3);
  u.upsert('a', v(1, 0), [1]);
  u.upsert('b', v(1, 0), [2]);
  u.upsert('c', v(1, 0), [3]);
  u.upsert('a', v(1, 0), [4]); // a is fresh again: b is now the oldest
  u.upsert('d', v(1, 0), [5]);
  assert.equal(u.size, 3);
  assert.deepEqual(
    ['a', 'b', 'c', 'd'].map((x) => u.has(x)),
    [true, false, true, true],
  );
  assert.deepEqual(ids(u.nearest(v(1, 0), 10)).sort(), ['a', 'c', 'd']);
  // d took b's slot, with d's own watches.
  const d = u.nearest(v(1, 0), 10).find((x) => x.userId === 'd');
  assert.deepEqual(u.recentOf(d?.slot ?? -1), [5]);
  for (let i = 0; i < 50; i++) u.upsert(`x${i}`, v(0, 1), [i + 1]);
  assert.equal(u.size, 3, 'never more than the capacity');
  assert.deepEqual(
    ['x47', 'x48', 'x49'].map((x) => u.has(x)),
    [true, true, true],
  );
  assert.equal(u.has('a'), false);
});

test('capacity 0: upsert is a no-op and nobody is found', () => {
  const u = new UserIndex(4, 0);
  u.upsert('a', v(1, 0, 0, 0), [1, 2]);
  assert.equal(u.size, 0);
  assert.equal(u.has('a'), false);
  assert.deepEqual(u.nearest(v(1, 0, 0, 0), 5), []);
});

test('a zero ψ is stored as zeros: it scores 0 against everyone', () => {
  const u = new UserIndex(2, 3);
  u.upsert('zero', v(0, 0), [1]);
  u.upsert('a', v(1, 0), [1]);
  const got = u.nearest(v(1, 0), 2);
  assert.deepEqual(ids(got), ['a', 'zero']);
  assert.equal(got[1].score, 0);
  assert.deepEqual(
    u.nearest(v(0, 0), 2).map((x) => x.score),
    [0, 0],
  );
});

test('remove: the user is gone, the others keep their vectors and watches, the slot is reused', () => {
  const u = new UserIndex(2, 3);
  u.upsert('a', v(1, 0), [1]);
  u.upsert('b', v(0, 1), [2]);
  u.upsert('c', v(1, 1), [3]);
  assert.equal(u.remove('a'), true);
  assert.equal(u.remove('a'), false, 'twice: nothing to remove');
  assert.equal(u.remove('never'), false);
  assert.equal(u.size, 2);
  assert.equal(u.has('a'), false);
  assert.deepEqual(ids(u.nearest(v(1, 0), 3)), ['c', 'b'], 'a never answers again');
  const c = u.nearest(v(1, 1), 1)[0];
  assert.equal(c.userId, 'c');
  assert.deepEqual(u.recentOf(c.slot), [3], 'the moved user keeps their watches');
  u.upsert('d', v(-1, 0), [4]);
  assert.equal(u.size, 3, 'the freed slot takes a new user without evicting anyone');
  assert.deepEqual(ids(u.nearest(v(-1, 0), 1)), ['d']);
  assert.equal(u.remove('d'), true, 'removing the last slot');
  assert.deepEqual(ids(u.nearest(v(0, 1), 3)), ['b', 'c']);
});

test('nearestScored: the answer of nearest, from a product taken before later upserts and removals', () => {
  let seed = 3;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648 - 0.5;
  };
  const dim = 4;
  const vec = () => Float32Array.from({ length: dim }, rand);
  const index = new UserIndex(dim, 8);
  for (let u = 0; u < 6; u++) index.upsert(`u${u}`, vec(), [u + 1]);
  const unit = index.unitVectors();
  const width = unit.length / dim;
  const queries = Array.from({ length: 5 }, vec);
  queries.forEach((q, r) => {
    // The block's product: q · u for every slot as it stood at unitVectors().
    const dots = Float32Array.from({ length: width }, (_, s) =>
      unit.subarray(s * dim, (s + 1) * dim).reduce((acc, x, d) => acc + x * q[d], 0),
    );
    const round = (xs: { userId: string; score: number }[]) =>
      xs.map((x) => [x.userId, Math.round(x.score * 1e5)]);
    assert.deepEqual(
      round(index.nearestScored(q, dots, 3, 'u1')),
      round(index.nearest(q, 3, 'u1')),
      `query ${r}`,
    );
    // Changes within the block: a new user, a moved one, one evicted, one erased.
    index.upsert(`n${r}`, vec(), [10 + r]);
    index.upsert('u2', vec(), [20 + r]);
    if (r === 2) index.remove('u0');
  });
});
