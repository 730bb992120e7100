import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitEase, invertSpd } from '../../../src/models/baselines/ease.ts';
import { gramMatrix, scoreFromRows } from '../../../src/models/baselines/gram.ts';
import { fitItemKnn } from '../../../src/models/baselines/item-knn.ts';

test('gramMatrix counts co-watchers once per user and leaves the OOV row empty', () => {
  const g = gramMatrix(
    [
      [1, 2, 2],
      [2, 3],
      [0, 1],
    ],
    4,
  );
  assert.deepEqual(Array.from(g.subarray(4, 8)), [0, 2, 1, 0]); // item 1: two watchers, one with 2
  assert.deepEqual(Array.from(g.subarray(8, 12)), [0, 1, 2, 1]);
  assert.deepEqual(Array.from(g.subarray(0, 4)), [0, 0, 0, 0]);
});

test('invertSpd gives the inverse of a random SPD matrix', () => {
  const n = 7;
  const r = Float64Array.from({ length: n * n }, (_, i) => Math.sin(i * 12.9898) * 0.5);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = i === j ? 1 : 0;
      for (let k = 0; k < n; k++) s += r[i * n + k] * r[j * n + k];
      a[i * n + j] = s;
    }
  const inv = invertSpd(a, n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += a[i * n + k] * inv[k * n + j];
      assert.ok(Math.abs(s - (i === j ? 1 : 0)) < 1e-9, `(A·A⁻¹)[${i}][${j}] = ${s}`);
    }
});

test('EASE: zero diagonal, and items watched together score each other', () => {
  // Items 1 and 2 always together; 3 and 4 always together.
  const histories = [
    [1, 2],
    [1, 2],
    [1, 2, 3],
    [3, 4],
    [3, 4],
  ];
  const b = fitEase(histories, 5, { lambda: 1 });
  for (let i = 0; i < 5; i++) assert.equal(b[i * 5 + i], 0);
  const s = scoreFromRows(b, [1], 5);
  assert.equal(s[0], Number.NEGATIVE_INFINITY);
  assert.ok(s[2] > s[3] && s[2] > s[4], `item 1's partner scores highest: ${Array.from(s)}`);
});

test('EASE refuses a catalogue beyond its limit instead of allocating n²', () => {
  assert.throws(() => fitEase([[1]], 50_000), RangeError);
});

test('item-kNN: cosine similarity, the candidate keeps its k nearest items as voters', () => {
  const histories = [
    [1, 2],
    [1, 2],
    [1, 3],
    [4, 3],
  ];
  const sim = fitItemKnn(histories, 5, { neighbours: 1 });
  // cos(1,2) = 2/√(3·2); item 2's single neighbour is 1, so watching 1 votes for 2.
  assert.ok(Math.abs(sim[1 * 5 + 2] - 2 / Math.sqrt(6)) < 1e-6);
  // Item 4's nearest is 3 (cos 1/√2): watching 3 votes for 4, watching 1 does not.
  assert.ok(sim[3 * 5 + 4] > 0);
  assert.equal(sim[1 * 5 + 4], 0);
  const scores = scoreFromRows(sim, [1], 5);
  assert.ok(scores[2] > scores[4]);
});
