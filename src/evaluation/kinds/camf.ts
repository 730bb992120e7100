import { createRng } from '../../data/demo/rng.ts';
import { camfScores, DEFAULT_CAMF, fitCamf } from '../../models/baselines/camf.ts';
import { camfConditions, camfData } from '../../training/camf-data.ts';
import { defineKind } from './kind.ts';

/**
 * Deviation-based context-aware MF (the context-aware baseline): trained on the same split,
 * each test row scored in the situation of its held-out watch (device and time).
 */
export const camfKind = defineKind({
  name: 'camf',
  train: async (ctx) => {
    const t0 = performance.now();
    const data = camfData(
      ctx.train.values(),
      ctx.spec.items,
      ctx.dataset.items,
      ctx.tests.map((t) => t.userId),
    );
    const model = fitCamf(data.examples, data.shape, DEFAULT_CAMF, createRng(DEFAULT_CAMF.seed).next);
    const trainMs = performance.now() - t0;
    ctx.progress.log(
      `camf: ${DEFAULT_CAMF.epochs} epochs, d=${DEFAULT_CAMF.dim}, ${data.conditionIndex.size} conditions (${(trainMs / 1000).toFixed(1)} s)`,
    );
    return { model: { model, data }, trainMs };
  },
  score: async ({ model, data }, ctx, sink) => {
    ctx.tests.forEach((t, row) => {
      sink(row, camfScores(model, data.userRow.get(t.userId)!, camfConditions(data, t)), 0);
    });
  },
});
