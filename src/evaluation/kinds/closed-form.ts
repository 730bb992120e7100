import { DEFAULT_EASE, EASE_MAX_ITEMS, fitEase } from '../../models/baselines/ease.ts';
import { scoreFromRows } from '../../models/baselines/gram.ts';
import { DEFAULT_ITEM_KNN, fitItemKnn } from '../../models/baselines/item-knn.ts';
import { defineKind, type EvalContext } from './kind.ts';

/** Every training user's watched items (users without a test item still inform item–item weights). */
const histories = (ctx: EvalContext) => [...ctx.train.values()].map((tl) => tl.watches.map((w) => w.item));

/** Both keep an items × items matrix: beyond this many items they are skipped, not run out of memory. */
const tooLarge = (ctx: EvalContext) =>
  ctx.numItems > EASE_MAX_ITEMS
    ? `${ctx.numItems} items: an items × items matrix beyond ${EASE_MAX_ITEMS} items`
    : undefined;

/** A kind whose model is an items × items weight matrix: a user scores Σ of their items' rows. */
function itemItemKind<const Name extends string>(
  name: Name,
  fit: (histories: number[][], numItems: number) => Float32Array,
  describe: string,
) {
  return defineKind({
    name,
    unsupported: tooLarge,
    train: async (ctx) => {
      const t0 = performance.now();
      const model = fit(histories(ctx), ctx.numItems);
      const trainMs = performance.now() - t0;
      ctx.progress.log(`${name}: ${describe} (${(trainMs / 1000).toFixed(1)} s)`);
      return { model, trainMs };
    },
    score: async (weights: Float32Array, ctx, sink) => {
      for (const [row, t] of ctx.tests.entries()) {
        const history = ctx.train.get(t.userId)!.watches.map((w) => w.item);
        sink(row, scoreFromRows(weights, history, ctx.numItems), 0);
      }
    },
  });
}

/** EASE: one regularised Gram-matrix inverse (λ = 300). */
export const easeKind = itemItemKind(
  'ease',
  (h, n) => fitEase(h, n, DEFAULT_EASE),
  `closed form, λ = ${DEFAULT_EASE.lambda}`,
);

/** Item-kNN: cosine over watcher sets, top 200 neighbours per item. */
export const itemKnnKind = itemItemKind(
  'item-knn',
  (h, n) => fitItemKnn(h, n, DEFAULT_ITEM_KNN),
  `cosine, ${DEFAULT_ITEM_KNN.neighbours} neighbours`,
);
