import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateWorld } from '../../src/data/demo/world.ts';
import { buildTimelines } from '../../src/data/interactions.ts';
import { buildRetrievalData } from '../../src/features/query.ts';
import { buildSequenceSet, sequenceBatch } from '../../src/features/sequence.ts';
import { createFeatureSpec, queryDenseWidth } from '../../src/features/spec.ts';

const world = generateWorld({ seed: 3, scale: 0.03 });
const spec = createFeatureSpec(world.items, world.users, 5);
const timelines = buildTimelines(world.events, spec.items);
const users = new Map(world.users.map((u) => [u.userId, u]));
const n = spec.historyLength;

test('windows cover exactly the training positions of the per-cut rows, at most `width` each, even sizes', () => {
  for (const holdOut of [true, false]) {
    const rows = buildRetrievalData(spec, timelines.values(), users, holdOut);
    const set = buildSequenceSet(timelines.values(), users, 7, holdOut);
    assert.equal(set.positions, rows.train.size);
    assert.equal(
      set.windows.reduce((a, w) => a + w.to - w.from, 0),
      rows.train.size,
    );
    set.timelines.forEach((tl, u) => {
      const mine = set.windows.filter((w) => w.user === u);
      const targets = tl.watches.length - (holdOut && tl.watches.length >= 2 ? 1 : 0);
      assert.equal(mine[0].from, 0);
      assert.equal(mine.at(-1)!.to, targets, 'the held-out last watch is no target');
      for (const [k, w] of mine.entries()) {
        assert.ok(w.to - w.from <= 7 && w.to > w.from);
        if (k > 0) assert.equal(w.from, mine[k - 1].to, 'contiguous');
      }
      const sizes = mine.map((w) => w.to - w.from);
      assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, 'the fewest windows, of even sizes');
    });
  }
  assert.throws(() => buildSequenceSet(timelines.values(), users, 0), RangeError);
});

test('a batch of windows holds the same rows as the per-cut examples of its positions', () => {
  const rows = buildRetrievalData(spec, timelines.values(), users, true, true);
  const set = buildSequenceSet(timelines.values(), users, 6, true, true);
  // Row index of each (user, position) in buildRetrievalData's order: users in turn, watches in order.
  const firstRow: number[] = [];
  let r0 = 0;
  for (const tl of set.timelines) {
    firstRow.push(r0);
    r0 += tl.watches.length - (tl.watches.length >= 2 ? 1 : 0);
  }
  const pick = Int32Array.from([3, 0, set.windows.length - 1, 11]);
  const { batch, rows: got, groups } = sequenceBatch(spec, set, pick);
  const w = queryDenseWidth(spec);
  let r = 0;
  for (const wi of pick) {
    const win = set.windows[wi];
    for (let p = win.from; p < win.to; p++, r++) {
      const ref = firstRow[win.user] + p;
      assert.equal(got.labels[r], rows.train.labels[ref]);
      assert.equal(groups[r], win.user);
      for (const key of [
        'historyIds',
        'meanWeights',
        'recentWeights',
        'timeWeights',
        'historyTimes',
      ] as const)
        assert.deepEqual(
          [...got[key].subarray(r * n, (r + 1) * n)],
          [...rows.train[key].subarray(ref * n, (ref + 1) * n)],
          key,
        );
      assert.deepEqual(
        [...batch.dense.subarray(r * w, (r + 1) * w)],
        [...rows.train.dense.subarray(ref * w, (ref + 1) * w)],
      );
    }
  }
  assert.equal(batch.size, r);
  assert.equal(got.size, r);
});

test('the causal band: position c weighs only the slots of the watches before it, the last n of them', () => {
  const set = buildSequenceSet(timelines.values(), users, 8, false);
  const pick = Int32Array.from(set.windows.keys());
  const { batch, rows } = sequenceBatch(spec, set, pick);
  const { width, span } = batch;
  assert.equal(span, n + width - 1);
  let r = 0;
  for (const [i, wi] of pick.entries()) {
    const win = set.windows[wi];
    const items = set.timelines[win.user].watches.map((x) => x.item);
    for (let s = 0; s < span; s++) {
      const at = win.from - n + s;
      assert.equal(
        batch.slotIds[i * span + s],
        at >= 0 ? (items[at] ?? 0) : 0,
        'slot s holds watch from − n + s (0 outside)',
      );
    }
    for (let c = 0; c < width; c++) {
      const cell = i * width + c;
      const real = c < win.to - win.from;
      if (real) assert.equal(batch.cells[r], cell);
      for (let s = 0; s < span; s++) {
        const at = win.from - n + s; // the watch this slot holds
        const p = win.from + c; // the position predicted
        for (const band of [batch.meanBand, batch.recentBand, batch.lastBand, batch.timeBand]) {
          const v = band[cell * span + s];
          if (!real || at >= p || at < p - n)
            assert.equal(v, 0, `no weight on watch ${at} for position ${p}`);
        }
        if (real && s >= c && s < c + n) {
          assert.equal(batch.meanBand[cell * span + s], rows.meanWeights[r * n + s - c]);
          assert.equal(
            batch.slotIds[i * span + s],
            rows.historyIds[r * n + s - c],
            'the row reads the same item',
          );
        }
      }
      if (real) {
        assert.equal(
          batch.lastBand[cell * span + c + n - 1],
          1,
          'the last watch before it (padding for the first)',
        );
        r++;
      }
    }
  }
  assert.equal(r, batch.size);
});
