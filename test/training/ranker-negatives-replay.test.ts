import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { initTf } from '../../src/runtime/tf.ts';
import { retrievalNegatives } from '../../src/training/ranker-negatives.ts';
import { createModel } from '../../src/training/retrieval-model.ts';
import { TINY_RANKER, TINY_RETRIEVAL, trainingWorld } from '../helpers/training-world.ts';

before(async () => {
  await initTf('wasm');
});

// The other sources' negatives come from the replayed candidate sets; when rawExamples will keep
// only a small share of the examples, only about that share of watches is replayed.
test('other-source negatives: every watch when all examples are kept, about the kept share otherwise', () => {
  const w = trainingWorld();
  const model = createModel(w.spec, TINY_RETRIEVAL, w.items, 1e12);
  const tls = [...w.timelines.values()].filter((tl) => tl.watches.length > 0);
  const watches = tls.reduce((n, tl) => n + tl.watches.length, 0);
  const cfg = { ...TINY_RANKER, negativesPerWatch: 1, sourceNegativesPerWatch: 2 };
  const count = (maxExamples: number) => {
    const sets = retrievalNegatives(w.spec, model, tls, w.users, { ...cfg, maxExamples }, w.itemTable);
    return [...sets.values()].flat().filter((negs) => negs.length > 1).length;
  };
  const all = count(1e9);
  assert.ok(all > watches / 2, `${all} of ${watches} watches got other-source negatives`);
  const few = count(Math.round((watches * 4) / 10)); // a tenth of the 4 examples per watch kept
  assert.ok(few < all / 3, `${few} watches replayed against ${all}`);
  model.dispose();
});
