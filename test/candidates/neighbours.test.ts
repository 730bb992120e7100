import assert from 'node:assert/strict';
import { test } from 'node:test';
import { neighboursSource } from '../../src/candidates/neighbours.ts';
import type { SourceInput } from '../../src/candidates/source.ts';
import { UserIndex } from '../../src/candidates/user-index.ts';

const v = (...x: number[]) => Float32Array.from(x);
const input = (userId: string, psi: Float32Array, watched: number[] = [], disliked: number[] = []) =>
  ({
    bundle: {},
    state: { watched, watchedAt: new Map(watched.map((i) => [i, 0])), disliked: new Set(disliked) },
    userId,
    psi,
    now: 0,
  }) as unknown as SourceInput;

function world() {
  const users = new UserIndex(2, 10);
  users.upsert('me', v(1, 0), [1, 2]);
  users.upsert('twin', v(1, 0.05), [10, 11, 12]); // latest 12
  users.upsert('near', v(1, 1), [12, 13]); // latest 13
  users.upsert('opposite', v(-1, 0), [90, 91]);
  users.upsert('orthogonal', v(0, 1), [80]);
  return users;
}

test('neighbours: the closest users’ recent watches, scored by their summed similarity', () => {
  const src = neighboursSource(world(), 10);
  assert.equal(src.name, 'neighbours');
  const got = src.generate(input('me', v(1, 0), [1, 2]), 10);
  assert.equal(got.source, 'neighbours');
  // 12 watched by twin (latest, ~1.0) and near (0.707 / 1.1): first; then twin's 11 and 10,
  // near's 13 (0.707); users with no positive similarity add nothing.
  assert.deepEqual(got.items, [12, 11, 10, 13]);
  for (const bad of [80, 90, 91]) assert.ok(!got.items.includes(bad), `${bad} from a dissimilar user`);
});

test('neighbours: excludes the user themself and what they watched or disliked', () => {
  const users = world();
  users.upsert('me', v(1, 0), [1, 2, 77]);
  const src = neighboursSource(users, 10);
  // "me" is in the index (with 77), but their own watches are not candidates, nor disliked 11.
  const got = src.generate(input('me', v(1, 0), [1, 2, 10], [11]), 10);
  assert.deepEqual(got.items, [12, 13]);
  assert.ok(!got.items.includes(77));
  // Someone else asking with the same ψ pools "me" too.
  const other = src.generate(input('stranger', v(1, 0)), 10);
  assert.ok(other.items.includes(77) && other.items.includes(1) && other.items.includes(2));
});

test('neighbours: a more recent watch of the same user counts a little more', () => {
  const users = new UserIndex(1, 4);
  users.upsert('a', v(1), [5, 6, 7, 8]); // latest 8
  const got = neighboursSource(users, 5).generate(input('me', v(1)), 10);
  assert.deepEqual(got.items, [8, 7, 6, 5]);
});

test('neighbours: only the `neighbourUsers` closest users are pooled', () => {
  const users = world();
  const got = neighboursSource(users, 1).generate(input('me', v(1, 0)), 10);
  assert.deepEqual(got.items, [12, 11, 10], 'twin alone');
  assert.deepEqual(neighboursSource(users, 0).generate(input('me', v(1, 0)), 10).items, []);
});

test('neighbours: the quota caps the list; quota 0 or an empty index gives nothing', () => {
  const users = world();
  assert.deepEqual(neighboursSource(users, 10).generate(input('me', v(1, 0)), 2).items, [12, 11]);
  assert.deepEqual(neighboursSource(users, 10).generate(input('me', v(1, 0)), 0), {
    source: 'neighbours',
    items: [],
  });
  assert.deepEqual(neighboursSource(new UserIndex(2, 10), 10).generate(input('me', v(1, 0)), 5).items, []);
  assert.deepEqual(neighboursSource(new UserIndex(2, 0), 10).generate(input('me', v(1, 0)), 5).items, []);
});
