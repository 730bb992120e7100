import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_ITEM_KNN, fitItemKnn } from '../../../src/models/baselines/item-knn.ts';

const close = (a: number, b: number) => Math.abs(a - b) < 1e-6;

// Watchers: item 1 {u0,u1,u2}, item 2 {u0,u1}, item 3 {u2,u3}, item 4 {u3}.
const HISTORIES = [
  [1, 2],
  [1, 2],
  [1, 3],
  [3, 4],
];
const N = 6; // item 5 is never watched

test('item-kNN weights are the cosine of the watcher sets, stored at [voter][candidate]', () => {
  const sim = fitItemKnn(HISTORIES, N, { neighbours: 10 });
  assert.ok(sim instanceof Float32Array);
  assert.equal(sim.length, N * N);
  assert.ok(close(sim[1 * N + 2], 2 / Math.sqrt(3 * 2)));
  assert.ok(close(sim[2 * N + 1], 2 / Math.sqrt(3 * 2)));
  assert.ok(close(sim[1 * N + 3], 1 / Math.sqrt(3 * 2)));
  assert.ok(close(sim[3 * N + 4], 1 / Math.sqrt(2 * 1)));
  assert.equal(sim[2 * N + 3], 0, 'no common watcher, no weight');
});

test('item-kNN: no self-similarity, nothing for OOV or never-watched items', () => {
  const sim = fitItemKnn(HISTORIES, N, { neighbours: 10 });
  for (let k = 0; k < N; k++) {
    assert.equal(sim[k * N + k], 0, `diagonal ${k}`);
    assert.equal(sim[k], 0, `OOV row ${k}`);
    assert.equal(sim[k * N], 0, `OOV column ${k}`);
    assert.equal(sim[5 * N + k], 0, `never-watched row ${k}`);
    assert.equal(sim[k * N + 5], 0, `never-watched column ${k}`);
  }
});

test("each candidate keeps only its k nearest items as voters (the candidate's side)", () => {
  const sim = fitItemKnn(HISTORIES, N, { neighbours: 1 });
  // Candidate 1's nearest is 2 (cos 0.816 against 3's 0.408): 2 votes for 1, 3 does not.
  assert.ok(close(sim[2 * N + 1], 2 / Math.sqrt(6)));
  assert.equal(sim[3 * N + 1], 0);
  // Candidate 3's nearest is 4 (cos 0.707 against 1's 0.408); 1 still votes for 2 and 3 for 4.
  assert.ok(close(sim[4 * N + 3], 1 / Math.sqrt(2)));
  assert.equal(sim[1 * N + 3], 0);
  assert.ok(close(sim[1 * N + 2], 2 / Math.sqrt(6)));
  assert.ok(close(sim[3 * N + 4], 1 / Math.sqrt(2)));
  // Every column (candidate) has at most one voter.
  for (let i = 0; i < N; i++) {
    let voters = 0;
    for (let j = 0; j < N; j++) if (sim[j * N + i] !== 0) voters++;
    assert.ok(voters <= 1, `candidate ${i} has ${voters} voters`);
  }
});

test('neighbourhoods larger than the catalogue keep every positive similarity', () => {
  assert.deepEqual(
    fitItemKnn(HISTORIES, N, { neighbours: 1000 }),
    fitItemKnn(HISTORIES, N, { neighbours: N }),
  );
});

test('item-kNN defaults to 200 neighbours', () => {
  assert.equal(DEFAULT_ITEM_KNN.neighbours, 200);
  assert.deepEqual(fitItemKnn(HISTORIES, N), fitItemKnn(HISTORIES, N, { neighbours: 200 }));
});

test('no histories give the zero matrix', () => {
  assert.deepEqual(Array.from(fitItemKnn([], 3)), new Array(9).fill(0));
});
