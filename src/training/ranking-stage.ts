import type { Timeline } from '../data/interactions.ts';
import type { User } from '../data/types.ts';
import type { ItemTable } from '../features/item-table.ts';
import type { FeatureSpec } from '../features/spec.ts';
import { type BlendResult, learnBlend } from './blend.ts';
import type { Progress } from './progress.ts';
import { type RankerTrainConfig, rankerDecision } from './ranker-config.ts';
import { type RankerResult, trainRanker } from './train-ranker.ts';
import type { RetrievalResult } from './train-retrieval.ts';

export interface RankingStage {
  /** Absent when the ranker was not trained (see RankerTrainConfig.when): retrieval order. */
  ranker?: RankerResult;
  blend: BlendResult;
  /** Why the ranker was or was not trained. */
  reason: string;
  blendMs: number;
}

/**
 * The ranker and its blend weight, when this data calls for a ranker. The blend weight is judged
 * on the held-out rows, which the refit has trained on: the blend, and the ranker whose features
 * it weighs, read the early-stopped network, which never saw them. Serving then reads the
 * refit's ψ·v.
 */
export async function trainRankingStage(
  spec: FeatureSpec,
  itemTable: ItemTable,
  retrieval: RetrievalResult,
  timelines: ReadonlyMap<string, Timeline>,
  users: ReadonlyMap<string, User>,
  config: { ranker: RankerTrainConfig; candidates: number },
  progress: Progress,
): Promise<RankingStage> {
  const decision = rankerDecision(config.ranker.when, timelines.values());
  if (!decision.train) {
    progress.log(`ranker: not trained, ${decision.reason}`);
    return { blend: { beta: 0, ndcg10: {} }, reason: decision.reason, blendMs: 0 };
  }
  const judged = retrieval.tuned ?? retrieval.model;
  const ranker = await trainRanker(spec, itemTable, judged, timelines, users, config.ranker, progress);
  const t0 = performance.now();
  const { valid, validExclude, validTime } = retrieval.valid;
  const blend = learnBlend(
    spec,
    itemTable,
    judged,
    ranker,
    valid,
    validExclude,
    validTime,
    config.candidates,
  );
  const tried = Object.entries(blend.ndcg10)
    .map(([b, v]) => `${b}:${v.toFixed(3)}`)
    .join(' ');
  progress.log(
    `blend: serving order = ψ·v + ${blend.beta} · log E[watch time]; validation NDCG@10 by β: ${tried}`,
  );
  return { ranker, blend, reason: decision.reason, blendMs: Math.round(performance.now() - t0) };
}
