import { createRng } from '../../data/demo/rng.ts';
import { fitWals, type WalsModel, walsScores } from '../../models/baselines/wals.ts';
import { defineKind } from './kind.ts';

/** Weighted alternating least squares on the watch matrix (row r of the factors is test row r). */
export const walsKind = defineKind({
  name: 'wals',
  train: async (ctx) => {
    const t0 = performance.now();
    const { tests, train, opts } = ctx;
    const userIndex = new Map(tests.map((t, r) => [t.userId, r]));
    const lists = tests.map((t) => train.get(t.userId)!.watches.map((w) => w.item));
    // Users without a test item still carry signal for the item factors.
    for (const [id, tl] of train) if (!userIndex.has(id)) lists.push(tl.watches.map((w) => w.item));
    const model: WalsModel = fitWals(lists, ctx.numItems, opts.wals, createRng(opts.wals.seed).next);
    const trainMs = performance.now() - t0;
    ctx.progress.log(
      `wals: ${opts.wals.iterations} sweeps, d=${opts.wals.dim} (${(trainMs / 1000).toFixed(1)} s)`,
    );
    return { model, trainMs };
  },
  score: async (model, ctx, sink) => {
    for (let row = 0; row < ctx.tests.length; row++) sink(row, walsScores(model, row, ctx.numItems), 0);
  },
});
