import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Timeline } from '../../src/data/interactions.ts';
import { initTf } from '../../src/runtime/tf.ts';
import { rawExamples, sampleMoments } from '../../src/training/ranker-examples.ts';
import type { Moment } from '../../src/training/ranker-negatives.ts';
import type { RawExample } from '../../src/training/raw-example.ts';
import { createModel } from '../../src/training/retrieval-model.ts';
import { TINY_RANKER, TINY_RETRIEVAL, trainingWorld } from '../helpers/training-world.ts';

before(async () => {
  await initTf('wasm');
});

const momentKey = (r: RawExample) => `${r.user}\u0000${r.before}\u0000${r.time}`;

// The replay runs once per moment kept: every moment when the budget allows, else about the
// budget's worth, and the examples of the moments left out are not kept (they have no replay).
test('replay budget: every moment when it allows, else about replayMoments of them, all labelled', () => {
  const w = trainingWorld();
  const model = createModel(w.spec, TINY_RETRIEVAL, w.items, 1e12);
  const cfg = { ...TINY_RANKER, maxExamples: 1e9 };
  const all = rawExamples(w.spec, model, w.timelines, w.users, cfg, w.itemTable);
  const moments = new Set(all.map(momentKey)).size;
  assert.ok(
    all.some((r) => r.others !== undefined),
    'the sweep labels examples with the other sources that produced them',
  );
  const budget = Math.round(moments / 4);
  const few = rawExamples(
    w.spec,
    model,
    w.timelines,
    w.users,
    { ...cfg, replayMoments: budget },
    w.itemTable,
  );
  const kept = new Set(few.map(momentKey)).size;
  assert.ok(Math.abs(kept - budget) <= budget * 0.25, `${kept} moments kept for a budget of ${budget}`);
  // The candidate sets themselves may differ: the replayed closest users are upserted at the
  // moments replayed only. The watches and impressions of a kept moment are all there.
  const shown = (rs: RawExample[]) =>
    rs.filter((r) => r.watched).map((r) => `${momentKey(r)}\u0000${r.item}`);
  const full = new Set(shown(all));
  assert.ok(shown(few).every((k) => full.has(k)));
  const perMoment = (rs: RawExample[]) => rs.length / new Set(rs.map(momentKey)).size;
  assert.ok(Math.abs(perMoment(few) - perMoment(all)) < 1, 'a kept moment keeps all its examples');
  const off = rawExamples(
    w.spec,
    model,
    w.timelines,
    w.users,
    { ...cfg, replayMoments: 1, sourceFeatures: false },
    w.itemTable,
  );
  assert.equal(new Set(off.map(momentKey)).size, moments, 'no replay, no budget: every moment');
  model.dispose();
});

test('sampleMoments: each user keeps about the share of their moments, spread over their timeline', () => {
  const tl = (userId: string): Timeline => ({ userId, watches: [], impressions: [], disliked: new Set() });
  const user = (id: string, n: number): Moment[] =>
    Array.from({ length: n }, (_, i) => ({ tl: tl(id), before: i, time: i, examples: [] }));
  const perUser = [user('heavy', 1000), user('light', 40), user('one', 1)];
  const kept = sampleMoments(perUser, 0.1, 7);
  const of = (id: string) => kept.filter((m) => m.tl.userId === id).map((m) => m.before);
  assert.equal(of('heavy').length, 100);
  assert.equal(of('light').length, 4);
  assert.ok(of('one').length <= 1);
  const gaps = of('heavy')
    .slice(1)
    .map((b, i) => b - of('heavy')[i]);
  assert.ok(
    gaps.every((g) => g === 10),
    'evenly spaced: one moment in every ten',
  );
  assert.deepEqual(sampleMoments(perUser, 0.1, 7), kept, 'seeded');
  assert.equal(sampleMoments(perUser, 1, 7).length, 1041, 'a share of 1 keeps everything');
});
