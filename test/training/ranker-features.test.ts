import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Timeline } from '../../src/data/interactions.ts';
import { trainingItemTable } from '../../src/features/item-table.ts';
import { rankerLayout } from '../../src/features/ranking.ts';
import { createFeatureSpec } from '../../src/features/spec.ts';
import type { SoftmaxDnn } from '../../src/models/retrieval/softmax-dnn.ts';
import { initTf, tf } from '../../src/runtime/tf.ts';
import { retrievalRank } from '../../src/training/rank-columns.ts';
import { defaultWatchTime, type RankerExamples, rawExamples } from '../../src/training/ranker-examples.ts';
import { buildRankerExamples } from '../../src/training/ranker-features.ts';
import type { RawExample } from '../../src/training/raw-example.ts';
import { createModel } from '../../src/training/retrieval-model.ts';
import { TINY_RANKER, TINY_RETRIEVAL, type TrainingWorld, trainingWorld } from '../helpers/training-world.ts';

test('retrievalRank: 0-based among the catalogue without the OOV row; a tie counts against the item', () => {
  const row = Float32Array.of(99, 0.5, 0.9, 0.1, 0.9);
  assert.equal(retrievalRank(row, 2), 1, 'i4 ties with it, the OOV row 99 does not count');
  assert.equal(retrievalRank(row, 4), 1);
  assert.equal(retrievalRank(row, 1), 2);
  assert.equal(retrievalRank(row, 3), 3, 'last of four');
});

let w: TrainingWorld;
let model: SoftmaxDnn;
let raw: RawExample[];
let ex: RankerExamples;
const seed = TINY_RANKER.seed;

before(async () => {
  await initTf('wasm');
  w = trainingWorld();
  model = createModel(w.spec, TINY_RETRIEVAL, w.items, 1e12);
  raw = rawExamples(w.spec, model, w.timelines, w.users, { ...TINY_RANKER, maxExamples: 400 });
  ex = buildRankerExamples(
    w.spec,
    w.itemTable,
    model,
    w.timelines,
    w.users,
    raw,
    defaultWatchTime(raw),
    seed,
  );
});

const dim = TINY_RETRIEVAL.dim;

test('one row per raw example: labels, watch-time weights, items, times and first-seen user numbers', () => {
  const width = rankerLayout(w.spec, dim).width;
  assert.equal(ex.size, raw.length);
  assert.equal(ex.features.length, raw.length * width);
  assert.ok(ex.features.every(Number.isFinite));
  const fallback = defaultWatchTime(raw);
  const firstSeen = [...new Set(raw.map((r) => r.user))];
  raw.forEach((r, i) => {
    const wt = r.watchTimeSec ?? fallback;
    assert.equal(ex.labels[i], r.watched ? 1 : 0);
    assert.equal(ex.weights[i], Math.fround(r.watched ? wt : 1));
    assert.equal(ex.watchTime[i], Math.fround(r.watched ? wt : 0));
    assert.equal(ex.item[i], r.item);
    assert.equal(ex.time[i], r.time);
    assert.equal(ex.user[i], firstSeen.indexOf(r.user));
  });
  assert.ok(raw.some((r) => r.watched) && raw.some((r) => !r.watched), 'both kinds are in the sample');
});

test('each row holds its item’s vector, ψ·v, and the item’s rank among ψ’s scores of the catalogue', () => {
  const layout = rankerLayout(w.spec, dim);
  const vectors = model.itemVectors();
  const numItems = w.spec.items.ids.length;
  for (let i = 0; i < ex.size; i += 7) {
    const f = ex.features.subarray(i * layout.width, (i + 1) * layout.width);
    const psi = f.subarray(layout.psi, layout.psi + dim);
    const item = ex.item[i];
    assert.deepEqual(
      [...f.subarray(layout.v, layout.v + dim)],
      [...vectors.subarray(item * dim, (item + 1) * dim)],
    );
    const scores = Float32Array.from({ length: numItems }, (_, j) => {
      let s = 0;
      for (let k = 0; k < dim; k++) s += psi[k] * vectors[j * dim + k];
      return s;
    });
    assert.ok(Math.abs(f[layout.dot] - scores[item]) < 1e-4);
    const rank = Math.round(Math.expm1(f[layout.scalars + 4] * 6));
    assert.equal(rank, retrievalRank(scores, item), `row ${i}`);
  }
});

test('examples of one moment (a watch and its negatives) share the query ψ', () => {
  const layout = rankerLayout(w.spec, dim);
  const psiOf = (i: number) => [...ex.features.subarray(i * layout.width, i * layout.width + dim)];
  const first = raw.findIndex(
    (r, i) =>
      i > 0 && r.user === raw[i - 1].user && r.time === raw[i - 1].time && r.before === raw[i - 1].before,
  );
  assert.ok(first > 0, 'the sample has a watch with its negatives');
  assert.deepEqual(psiOf(first), psiOf(first - 1));
});

test('no tensor is left behind', () => {
  const before = tf.memory().numTensors;
  buildRankerExamples(w.spec, w.itemTable, model, w.timelines, w.users, raw.slice(0, 20), 1, seed);
  assert.equal(tf.memory().numTensors, before);
});

test('a catalogue over 4,096 items: ranks estimated on a seeded sample, scaled to the catalogue', () => {
  const n = 5000;
  const items = Array.from({ length: n }, (_, i) => ({
    itemId: `i${i + 1}`,
    topic: `t${i % 3}`,
    tags: [],
    durationSec: 60,
    publishedAt: 0,
  }));
  const spec = createFeatureSpec(items, [], 3);
  const tl: Timeline = {
    userId: 'u',
    watches: [1, 2, 3, 4].map((item, k) => ({ item, time: 1e12 + k * 1000, watchTimeSec: 30 })),
    impressions: [],
    disliked: new Set(),
  };
  const timelines = new Map([['u', tl]]);
  const big = createModel(spec, { ...TINY_RETRIEVAL, itemRepresentation: 'id' }, items, 1e12);
  const table = trainingItemTable(spec, items, new Float64Array(n + 1), timelines.values());
  const rows: RawExample[] = [10, 2000, 4999].map((item) => ({
    user: 'u',
    item,
    time: 1e12 + 5000,
    watched: false,
    before: 4,
  }));
  const a = buildRankerExamples(spec, table, big, timelines, new Map(), rows, 1, seed);
  const layout = rankerLayout(spec, dim);
  const vectors = big.itemVectors();
  rows.forEach((r, i) => {
    const f = a.features.subarray(i * layout.width, (i + 1) * layout.width);
    const scores = Float32Array.from({ length: n + 1 }, (_, j) => {
      let s = 0;
      for (let k = 0; k < dim; k++) s += f[k] * vectors[j * dim + k];
      return s;
    });
    const estimate = Math.expm1(f[layout.scalars + 4] * 6);
    const exact = retrievalRank(scores, r.item);
    assert.ok(estimate >= 0 && estimate <= n, `rank ${estimate} within the catalogue`);
    assert.ok(Math.abs(estimate - exact) < 0.05 * n, `estimate ${estimate} near the exact rank ${exact}`);
  });
  const again = buildRankerExamples(spec, table, big, timelines, new Map(), rows, 1, seed);
  assert.deepEqual(again.features, a.features, 'the same seed, the same sample');
  big.dispose();
});
