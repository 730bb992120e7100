import { createRng } from '../data/demo/rng.ts';
import type { Timeline } from '../data/interactions.ts';
import type { User } from '../data/types.ts';
import { allocateExamples, writeExample } from '../features/query.ts';
import type { FeatureSpec } from '../features/spec.ts';
import type { SoftmaxDnn } from '../models/retrieval/softmax-dnn.ts';
import { topK } from '../models/top-k.ts';
import { readTidy } from '../runtime/read.ts';
import { tf } from '../runtime/tf.ts';
import type { RankerTrainConfig } from './ranker-config.ts';

/** Per impression-less user: per watch, the negatives to pair with it. */
export type NegativeSets = Map<string, number[][]>;

/** Candidates among which negatives for impression-less data are drawn. */
const NEGATIVE_POOL = 50;

/**
 * Negatives for data without impressions (MovieLens-style): for each watch, items that the
 * retrieval model would have served at that moment (its top NEGATIVE_POOL, from the history
 * before the watch) and that the user never watched. They stand in for the impressions the
 * user saw and passed over, which is what the ranker must learn to tell apart.
 */
export function retrievalNegatives(
  spec: FeatureSpec,
  retrieval: SoftmaxDnn,
  timelines: readonly Timeline[],
  users: ReadonlyMap<string, User>,
  cfg: RankerTrainConfig,
): NegativeSets {
  const rng = createRng(cfg.seed + 1);
  const numItems = retrieval.config.numItems;
  const rows: { tl: Timeline; i: number }[] = [];
  for (const tl of timelines) for (let i = 0; i < tl.watches.length; i++) rows.push({ tl, i });
  const out: NegativeSets = new Map(timelines.map((tl) => [tl.userId, tl.watches.map(() => [] as number[])]));
  const chunk = Math.max(1, Math.floor(2_000_000 / numItems));
  for (let s = 0; s < rows.length; s += chunk) {
    const part = rows.slice(s, s + chunk);
    const q = allocateExamples(spec, part.length);
    part.forEach(({ tl, i }, r) => {
      writeExample(
        spec,
        q,
        r,
        tl.watches.slice(0, i).map((w) => w.item),
        users.get(tl.userId),
        tl.watches[i],
        0,
      );
    });
    const scores = readTidy(() => tf.matMul(retrieval.query(q), retrieval.items(), false, true));
    part.forEach(({ tl, i }, r) => {
      const row = scores.subarray(r * numItems, (r + 1) * numItems);
      row[0] = Number.NEGATIVE_INFINITY;
      for (const w of tl.watches) row[w.item] = Number.NEGATIVE_INFINITY;
      const pool = topK(row, NEGATIVE_POOL).filter((item) => Number.isFinite(row[item]));
      rng.shuffle(pool);
      out.get(tl.userId)![i] = pool.slice(0, cfg.negativesPerWatch);
    });
  }
  return out;
}
