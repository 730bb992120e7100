import { type ItemTable, trainingItemTable } from '../../features/item-table.ts';
import { buildRetrievalData } from '../../features/query.ts';
import { candidateFeatures, queryRow, ranksWithExcluded } from '../../features/ranking.ts';
import { blendScore } from '../../models/ranking/blend-score.ts';
import type { Ranker } from '../../models/ranking/ranker.ts';
import { topK } from '../../models/top-k.ts';
import { learnBlend } from '../../training/blend.ts';
import { trainRanker } from '../../training/train-ranker.ts';
import { defineKind, type EvalContext } from './kind.ts';
import { type FittedRetrieval, fitRetrieval, type Rerank, scoreRetrieval } from './softmax-dnn.ts';

/** Added to re-ranked candidates' scores so they stay ahead of every non-candidate. */
const RANKED = 1e4; // float32 scores: large enough to lead, small enough to keep ~1e-3 resolution

interface FittedPipeline extends FittedRetrieval {
  ranker: Ranker;
  /** The ranker reads source columns (here every candidate is ann's). */
  sourceFeatures: boolean;
  beta: number;
  itemTable: ItemTable;
}

/**
 * Second stage: the ranker reorders each user's top-N retrieved candidates; items beyond N keep
 * their retrieval order behind them (+RANKED lifts the candidates).
 */
function rerankWith(m: FittedPipeline, ctx: EvalContext): Rerank {
  const { spec, numItems, excludes, tests, opts } = ctx;
  const dim = opts.retrieval.dim;
  const rankCtx = {
    spec,
    items: m.itemTable,
    vectors: m.retrieval.itemVectors(),
    dim,
    sourceFeatures: m.sourceFeatures,
  };
  return (row, scores, offset, psi, psiRow) => {
    const masked = scores.slice(offset, offset + numItems);
    masked[0] = Number.NEGATIVE_INFINITY;
    for (const e of excludes[row]) masked[e] = Number.NEGATIVE_INFINITY;
    const cands = topK(masked, opts.candidates);
    const feats = candidateFeatures(
      rankCtx,
      queryRow(spec, dim, m.queries, row, psi, psiRow, tests[row].time),
      cands,
      ranksWithExcluded(scores.subarray(offset, offset + numItems), cands, excludes[row]),
    );
    const ws = m.ranker.score(feats, cands.length);
    cands.forEach((item, c) => {
      scores[offset + item] = RANKED + blendScore(masked[item], ws[c], m.beta);
    });
  };
}

/** Retrieval, then the watch-time ranker over its top candidates: the served model, in memory. */
export const pipelineKind = defineKind({
  name: 'pipeline',
  train: async (ctx) => {
    const { spec, train, users, opts, progress } = ctx;
    const r = await fitRetrieval(ctx);
    const { retrieval } = r.model;
    const itemTable = trainingItemTable(spec, ctx.dataset.items, ctx.counts, train.values());
    const ranker = await trainRanker(spec, itemTable, retrieval, train, users, opts.ranker, progress);
    const v = buildRetrievalData(spec, train.values(), users);
    const { beta } = learnBlend(
      spec,
      itemTable,
      retrieval,
      ranker,
      v.valid,
      v.validExclude,
      v.validTime,
      opts.candidates,
    );
    progress.log(`pipeline: blend β = ${beta} learnt on the validation split`);
    return {
      model: { ...r.model, ranker: ranker.model, sourceFeatures: ranker.sourceFeatures, beta, itemTable },
      trainMs: r.trainMs + ranker.ms,
      curve: r.curve,
      blendBeta: beta,
    };
  },
  score: (m: FittedPipeline, ctx, sink) => scoreRetrieval(m, ctx, sink, rerankWith(m, ctx)),
  dispose: (m) => {
    m.ranker.dispose();
    m.retrieval.dispose();
  },
});
