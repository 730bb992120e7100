import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { RECENCY_DECAY, writeHistory } from '../../src/features/history.ts';

test('for any history: the last min(n, len) items right-aligned, both weightings sum to 1', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 1, max: 99 }), { maxLength: 30 }),
      fc.integer({ min: 1, max: 12 }),
      (watched, n) => {
        const ids = new Int32Array(3 * n).fill(-7);
        const mean = new Float32Array(3 * n).fill(-7);
        const recent = new Float32Array(3 * n).fill(-7);
        writeHistory(watched, n, ids, mean, recent, n);
        // Rows before and after are untouched.
        for (const a of [ids, mean, recent]) {
          assert.ok(a.subarray(0, n).every((x) => x === -7) && a.subarray(2 * n).every((x) => x === -7));
        }
        const len = Math.min(n, watched.length);
        const row = [...ids.subarray(n, 2 * n)];
        assert.deepEqual(row, [...new Array(n - len).fill(0), ...watched.slice(watched.length - len)]);
        const m = mean.subarray(n, 2 * n);
        const r = recent.subarray(n, 2 * n);
        const total = (a: Float32Array) => a.reduce((s, x) => s + x, 0);
        if (len === 0) {
          assert.ok(m.every((x) => x === 0) && r.every((x) => x === 0));
          return;
        }
        assert.ok(Math.abs(total(m) - 1) < 1e-5 && Math.abs(total(r) - 1) < 1e-5);
        for (let s = 0; s < n - len; s++) assert.ok(m[s] === 0 && r[s] === 0, 'padding has no weight');
        for (let s = n - len; s < n; s++) assert.ok(Math.abs(m[s] - 1 / len) < 1e-6);
        // Each older slot weighs RECENCY_DECAY times the next one.
        for (let s = n - len; s < n - 1; s++) assert.ok(Math.abs(r[s] - RECENCY_DECAY * r[s + 1]) < 1e-6);
      },
    ),
  );
});

test('a single watch takes all the weight', () => {
  const ids = new Int32Array(3);
  const mean = new Float32Array(3);
  const recent = new Float32Array(3);
  writeHistory([42], 3, ids, mean, recent, 0);
  assert.deepEqual([...ids], [0, 0, 42]);
  assert.deepEqual([...mean], [0, 0, 1]);
  assert.deepEqual([...recent], [0, 0, 1]);
});
