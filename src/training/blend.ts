import type { ItemTable } from '../features/item-table.ts';
import { type QueryExamples, selectRows } from '../features/query.ts';
import { candidateFeatures, queryRow, ranksWithExcluded } from '../features/ranking.ts';
import type { FeatureSpec } from '../features/spec.ts';
import { blendScore } from '../models/ranking/blend-score.ts';
import type { Ranker } from '../models/ranking/ranker.ts';
import type { SoftmaxDnn } from '../models/retrieval/softmax-dnn.ts';
import { topK } from '../models/top-k.ts';
import { readTidy } from '../runtime/read.ts';
import { tf } from '../runtime/tf.ts';

/**
 * How much the ranker may reorder retrieval's candidates, learnt on the validation split.
 *
 * The serving order is by {@link blendScore}: ψ(x)·v + β · log E[watch time]. β = 0 is retrieval
 * order: the ranker "steps aside" when reordering does not help on held-out next watches; larger
 * β trusts the ranker's watch-time estimate more. Learnt with the very function serving orders
 * by, so the β picked here is the β that was measured.
 */
const BLEND_GRID = [0, 0.05, 0.1, 0.2, 0.5, 1, 2] as const;

export interface BlendResult {
  beta: number;
  /** Validation NDCG@10 of the next watch for each β tried. */
  ndcg10: Record<string, number>;
}

/**
 * Scores validation users' top-`candidates` retrieved items with the ranker and picks the β with
 * the best NDCG@10 of the held-out watch (ties: the smaller β).
 */
export function learnBlend(
  spec: FeatureSpec,
  items: ItemTable,
  retrieval: SoftmaxDnn,
  /** The ranker, and whether it reads source columns (its candidates here are ann's alone). */
  ranker: { model: Ranker; sourceFeatures: boolean },
  valid: QueryExamples,
  exclude: readonly Set<number>[],
  times: readonly number[],
  candidates: number,
  maxUsers = 1000,
): BlendResult {
  const n = Math.min(valid.size, maxUsers);
  const numItems = retrieval.config.numItems;
  const dim = retrieval.config.dim;
  const ctx = { spec, items, vectors: retrieval.itemVectors(), dim, sourceFeatures: ranker.sourceFeatures };
  const gains = BLEND_GRID.map(() => 0);
  const chunk = Math.max(1, Math.floor(2_000_000 / numItems));
  for (let s = 0; s < n; s += chunk) {
    const rows = Array.from({ length: Math.min(chunk, n - s) }, (_, i) => s + i);
    const batch = selectRows(spec, valid, rows);
    const [scores, psi] = readTidy(() => {
      const q = retrieval.query(batch);
      return [tf.matMul(q, retrieval.items(), false, true), q];
    });
    rows.forEach((row, i) => {
      const row0 = scores.slice(i * numItems, (i + 1) * numItems);
      row0[0] = Number.NEGATIVE_INFINITY;
      for (const e of exclude[row]) row0[e] = Number.NEGATIVE_INFINITY;
      const cands = topK(row0, candidates);
      const target = valid.labels[row];
      const at = cands.indexOf(target);
      if (at < 0) return; // not retrieved: no β can help
      const ranks = ranksWithExcluded(scores.subarray(i * numItems, (i + 1) * numItems), cands, exclude[row]);
      const feats = candidateFeatures(ctx, queryRow(spec, dim, batch, i, psi, i, times[row]), cands, ranks);
      const watch = ranker.model.score(feats, cands.length);
      BLEND_GRID.forEach((beta, g) => {
        const z = (c: number) => blendScore(row0[cands[c]], watch[c], beta);
        const zt = z(at);
        let rank = 0;
        for (let c = 0; c < cands.length; c++) if (c !== at && z(c) >= zt) rank++;
        if (rank < 10) gains[g] += 1 / Math.log2(rank + 2);
      });
    });
  }
  const ndcg10: Record<string, number> = {};
  let best = 0;
  BLEND_GRID.forEach((beta, g) => {
    ndcg10[String(beta)] = gains[g] / Math.max(1, n);
    if (gains[g] > gains[best] + 1e-12) best = g;
  });
  return { beta: BLEND_GRID[best], ndcg10 };
}
