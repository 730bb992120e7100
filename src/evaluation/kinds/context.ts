import { conditionsOf } from '../../data/context.ts';
import { watchCounts } from '../../data/interactions.ts';
import { createVocab } from '../../data/vocab.ts';
import { bandBoost, contextShareBoosts } from '../../features/context-share.ts';
import {
  chooseSplits,
  type ItemSplitting,
  splitObservations,
  splitTimeline,
  virtualItem,
} from '../../features/item-splitting.ts';
import { defineKind, type EvalContext } from './kind.ts';
import { type FittedRetrieval, fitRetrieval, scoreRetrieval } from './softmax-dnn.ts';

/**
 * The context-aware comparison (`reco evaluate --context`), beside `softmax` (contextual
 * modelling: the request's device, hour and weekday are query features) and `camf`:
 * - `softmax-no-context`: the same network with those features zeroed, the context-free base;
 * - `context-pre-filter`: the context-free network trained on item-split data;
 * - `context-post-filter`: the context-free network's scores moved by the user's duration-band
 *   share in the held-out watch's context (the serving rule `context-share`, with the device).
 */
const withoutContext = (ctx: EvalContext): EvalContext => ({
  ...ctx,
  spec: { ...ctx.spec, contextFeatures: false },
});

/** Duration of each item index (the OOV row: 0). */
function durations(ctx: EvalContext): Float64Array {
  const out = new Float64Array(ctx.numItems);
  for (const it of ctx.dataset.items) {
    const i = ctx.spec.items.index.get(it.itemId);
    if (i !== undefined) out[i] = it.durationSec;
  }
  return out;
}

export const softmaxNoContextKind = defineKind({
  name: 'softmax-no-context',
  train: (ctx) => fitRetrieval(withoutContext(ctx)),
  score: (model: FittedRetrieval, ctx, sink) => scoreRetrieval(model, withoutContext(ctx), sink),
  dispose: (model) => model.retrieval.dispose(),
});

/** The evaluation context over the split catalogue: virtual items appended, timelines remapped. */
function splitContext(ctx: EvalContext, s: ItemSplitting): EvalContext {
  const { spec, dataset } = ctx;
  const splits = [...s.splits.values()];
  const virtualId = (item: number, condition: string) => `${spec.items.ids[item]}@${condition}`;
  const byId = new Map(dataset.items.map((it) => [it.itemId, it]));
  const virtualItems = splits.map((v) => ({
    ...byId.get(spec.items.ids[v.item])!,
    itemId: virtualId(v.item, v.condition),
  }));
  const items = createVocab([...spec.items.ids.slice(1), ...virtualItems.map((it) => it.itemId)]);
  const train = new Map([...ctx.train].map(([id, tl]) => [id, splitTimeline(s, tl)]));
  return {
    ...ctx,
    dataset: { ...dataset, items: [...dataset.items, ...virtualItems] },
    spec: { ...spec, items, contextFeatures: false },
    numItems: s.numItems,
    train,
    counts: watchCounts(train.values(), s.numItems),
  };
}

interface PreFiltered {
  fitted: FittedRetrieval;
  splitting: ItemSplitting;
  split: EvalContext;
}

export const preFilterKind = defineKind({
  name: 'context-pre-filter',
  train: async (ctx) => {
    const t0 = performance.now();
    const dur = durations(ctx);
    const splitting = chooseSplits(
      splitObservations(ctx.train.values(), (i) => dur[i]),
      ctx.numItems,
    );
    const split = splitContext(ctx, splitting);
    const conds = new Map<string, number>();
    for (const v of splitting.splits.values()) conds.set(v.condition, (conds.get(v.condition) ?? 0) + 1);
    ctx.progress.log(
      `context-pre-filter: ${splitting.splits.size} of ${ctx.numItems - 1} items split (${[...conds].map(([c, n]) => `${c} ${n}`).join(', ')})`,
    );
    const r = await fitRetrieval(split);
    return { ...r, model: { fitted: r.model, splitting, split }, trainMs: performance.now() - t0 };
  },
  score: async (m: PreFiltered, ctx, sink) => {
    const out = new Float32Array(ctx.numItems);
    await scoreRetrieval(m.fitted, m.split, (row, scores, offset) => {
      const conds = conditionsOf(ctx.tests[row]);
      for (let j = 0; j < ctx.numItems; j++) out[j] = scores[offset + virtualItem(m.splitting, j, conds)];
      sink(row, out, 0);
    });
  },
  dispose: (m) => m.fitted.retrieval.dispose(),
});

/** The post-filter's parameters in the evaluation: the Bayes reweighting, 5 pseudo-watches. */
const POST_FILTER = { strength: 1, smoothing: 5 };

export const postFilterKind = defineKind({
  name: 'context-post-filter',
  train: (ctx) => fitRetrieval(withoutContext(ctx)),
  score: (model: FittedRetrieval, ctx, sink) => {
    const dur = durations(ctx);
    return scoreRetrieval(model, withoutContext(ctx), sink, (row, scores, offset) => {
      const t = ctx.tests[row];
      const history = ctx.train
        .get(t.userId)!
        .watches.map((w) => ({ durationSec: dur[w.item], conditions: conditionsOf(w) }));
      const boosts = contextShareBoosts(history, conditionsOf(t), POST_FILTER.smoothing);
      for (let j = 1; j < ctx.numItems; j++)
        scores[offset + j] += bandBoost(boosts, dur[j], POST_FILTER.strength);
    });
  },
  dispose: (model) => model.retrieval.dispose(),
});
