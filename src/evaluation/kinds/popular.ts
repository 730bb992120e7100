import { defineKind } from './kind.ts';

/** Most-watched first, the same list for everyone: the floor every model must clear. */
export const popularKind = defineKind({
  name: 'popular',
  train: async (ctx) => ({ model: Float32Array.from(ctx.counts), trainMs: 0 }),
  score: async (scores, ctx, sink) => {
    for (let row = 0; row < ctx.tests.length; row++) sink(row, scores, 0);
  },
});
