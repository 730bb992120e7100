import { DEFAULT_SOURCES } from '../bundle/sources-config.ts';
import { createRng } from '../data/demo/rng.ts';
import type { Timeline } from '../data/interactions.ts';
import type { User } from '../data/types.ts';
import type { ItemTable } from '../features/item-table.ts';
import { allocateExamples, writeExample } from '../features/query.ts';
import { writeSearchBag } from '../features/search-history.ts';
import type { FeatureSpec } from '../features/spec.ts';
import type { SoftmaxDnn } from '../models/retrieval/softmax-dnn.ts';
import { topK } from '../models/top-k.ts';
import { readTidy } from '../runtime/read.ts';
import { tf } from '../runtime/tf.ts';
import { type CandidateSets, replayCandidates } from './candidate-sets.ts';
import type { RankerTrainConfig } from './ranker-config.ts';

/** Per impression-less user: per watch, the negatives to pair with it. */
export type NegativeSets = Map<string, number[][]>;

/** Candidates among which negatives for impression-less data are drawn. */
const NEGATIVE_POOL = 50;

/**
 * Negatives for data without impressions (MovieLens-style): for each watch, items that the
 * retrieval model would have served at that moment (its top NEGATIVE_POOL, from the history
 * before the watch) and that the user never watched. They stand in for the impressions the
 * user saw and passed over, which is what the ranker must learn to tell apart. A ranker that
 * reads source columns also gets `sourceNegativesPerWatch` of the other sources' candidates of
 * that moment (replayed in time order, as the examples' source columns are), so it meets the
 * merged candidate sets serving gives it.
 */
export function retrievalNegatives(
  spec: FeatureSpec,
  retrieval: SoftmaxDnn,
  timelines: readonly Timeline[],
  users: ReadonlyMap<string, User>,
  cfg: RankerTrainConfig,
  /** The catalogue the other sources read (fresh: publish times); without it, ann's negatives only. */
  items?: ItemTable,
): NegativeSets {
  const rng = createRng(cfg.seed + 1);
  const { numItems, dim } = retrieval.config;
  const rows: { tl: Timeline; i: number }[] = [];
  for (const tl of timelines) for (let i = 0; i < tl.watches.length; i++) rows.push({ tl, i });
  rows.sort((a, b) => a.tl.watches[a.i].time - b.tl.watches[b.i].time);
  // The search bag as serving writes it: the candidates are retrieval's at that moment.
  const slots = retrieval.config.searchLength ?? 0;
  const replay = cfg.sourceFeatures && items ? replayOver(items, retrieval, timelines, cfg) : undefined;
  // rawExamples keeps at most maxExamples of what this produces: replaying every watch of a large
  // set (a million on MovieLens-1M's shape, where the replay, both passes, was half of `reco
  // train --ranker always`) only to sample most of it away is waste, so the other sources'
  // negatives are drawn for about the share that survives (all of them on the demo world).
  const perWatch = 1 + cfg.negativesPerWatch + cfg.sourceNegativesPerWatch;
  const replayShare = Math.min(1, cfg.maxExamples / Math.max(1, rows.length * perWatch));
  const sourceRng = createRng(cfg.seed + 2);
  const out: NegativeSets = new Map(timelines.map((tl) => [tl.userId, tl.watches.map(() => [] as number[])]));
  const chunk = Math.max(1, Math.floor(2_000_000 / numItems));
  for (let s = 0; s < rows.length; s += chunk) {
    const part = rows.slice(s, s + chunk);
    const q = allocateExamples(spec, part.length, slots);
    part.forEach(({ tl, i }, r) => {
      const at = tl.watches[i].time;
      if (slots > 0) writeSearchBag(tl.searches, at, q.searchIds!, q.searchWeights!, r * slots, slots);
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
    const [psi, scores] = readTidy(() => {
      const p = retrieval.query(q);
      return [p, tf.matMul(p, retrieval.items(), false, true)];
    });
    part.forEach(({ tl, i }, r) => {
      const row = scores.subarray(r * numItems, (r + 1) * numItems);
      row[0] = Number.NEGATIVE_INFINITY;
      for (const w of tl.watches) row[w.item] = Number.NEGATIVE_INFINITY;
      const pool = topK(row, NEGATIVE_POOL).filter((item) => Number.isFinite(row[item]));
      rng.shuffle(pool);
      const picked = pool.slice(0, cfg.negativesPerWatch);
      if (replay && (replayShare >= 1 || sourceRng.next() < replayShare)) {
        const before = tl.watches.slice(0, i);
        const others = replay.at({
          userId: tl.userId,
          history: before.map((w) => w.item),
          historyTimes: before.map((w) => w.time),
          psi: psi.subarray(r * dim, (r + 1) * dim),
          time: tl.watches[i].time,
        });
        const fromOthers = [...others.keys()].filter(
          (item) => Number.isFinite(row[item]) && !picked.includes(item),
        );
        rng.shuffle(fromOthers);
        picked.push(...fromOthers.slice(0, cfg.sourceNegativesPerWatch));
      }
      out.get(tl.userId)![i] = picked;
    });
  }
  return out;
}

/** The candidate-set replay over these timelines (the examples' own replay runs on all of them). */
function replayOver(
  items: ItemTable,
  retrieval: SoftmaxDnn,
  timelines: readonly Timeline[],
  cfg: RankerTrainConfig,
): CandidateSets {
  const byUser = new Map(timelines.map((tl) => [tl.userId, tl]));
  const replay = { config: DEFAULT_SOURCES, quotas: cfg.sourceQuotas };
  return replayCandidates(items, retrieval.itemVectors(), retrieval.config.dim, byUser, replay);
}
