import { DEFAULT_SOURCES } from '../bundle/sources-config.ts';
import { createRng, type Rng } from '../data/demo/rng.ts';
import type { Timeline } from '../data/interactions.ts';
import type { User } from '../data/types.ts';
import type { ItemTable } from '../features/item-table.ts';
import { allocateExamples, dataEnd, exampleAge, writeExample } from '../features/query.ts';
import { writeSearchBag } from '../features/search-history.ts';
import type { FeatureSpec } from '../features/spec.ts';
import type { SoftmaxDnn } from '../models/retrieval/softmax-dnn.ts';
import { topK } from '../models/top-k.ts';
import { readTidy } from '../runtime/read.ts';
import { tf } from '../runtime/tf.ts';
import {
  annFloor,
  type CandidateSets,
  mergedRanks,
  type OtherOrigins,
  replayCandidates,
} from './candidate-sets.ts';
import type { RankerTrainConfig } from './ranker-config.ts';
import type { RawExample } from './raw-example.ts';

/** Per impression-less user: per watch, the negatives to pair with it. */
export type NegativeSets = Map<string, number[][]>;

/** Candidates among which negatives for impression-less data are drawn. */
const NEGATIVE_POOL = 50;

/** Moments whose closest-users searches share one product (see CandidateSets.userDots). */
const USER_BLOCK = 128;

/**
 * One query moment of one user, the state a request would have had: the watches before it, its
 * time and request context. Its examples share that query: a watch with the negatives drawn for
 * it, the impressions shown then.
 */
export interface Moment {
  tl: Timeline;
  /** Watches before the moment. */
  before: number;
  time: number;
  device?: string;
  country?: string;
  /** The watch (its index in the timeline) whose negatives this moment draws; absent: impressions only. */
  watch?: number;
  /** Impressions and the watch of this moment; the sweep appends the watch's negatives. */
  examples: RawExample[];
}

/**
 * One sweep over the moments, in time order (they must come sorted by time): for each, ψ(x) as
 * the ranker's examples write it (buildRankerExamples: the same history, times, context, search
 * bag and example age, so the candidate sets here are the ones of the examples' own query), the
 * catalogue's scores in one product per chunk, and then
 * - negatives for a watch moment (data without impressions have no others, MovieLens-style):
 *   `negativesPerWatch` items the retrieval model would have served at that moment (its top
 *   NEGATIVE_POOL) that the user never watched, standing in for the impressions the user saw and
 *   passed over, which is what the ranker must learn to tell apart;
 * - with source columns (and a catalogue for the sources to read), the other sources' candidate
 *   set of the moment, replayed (CandidateSets): `sourceNegativesPerWatch` more negatives drawn
 *   from it, so the ranker meets the merged candidate sets serving gives it, and every example of
 *   the moment labelled with the sources that produced it and its rank in the merged list.
 * The replay runs once per moment here, and buildRankerExamples reads its labels: it used to run
 * twice, once for the negatives and once more for the examples' columns.
 */
export function sweepMoments(
  spec: FeatureSpec,
  retrieval: SoftmaxDnn,
  moments: readonly Moment[],
  /** Every timeline (the replayed trending counts read all watches, not only these moments'). */
  timelines: ReadonlyMap<string, Timeline>,
  users: ReadonlyMap<string, User>,
  cfg: RankerTrainConfig,
  items?: ItemTable,
): void {
  const { numItems, dim } = retrieval.config;
  const slots = retrieval.config.searchLength ?? 0;
  const end = dataEnd(timelines.values());
  const replay = cfg.sourceFeatures && items ? replayOver(items, retrieval, timelines, cfg) : undefined;
  const vectors = retrieval.itemVectors();
  // Rows per chunk: the score block [chunk, numItems] stays around 8 MB.
  const chunk = Math.max(1, Math.min(2048, Math.floor(2_000_000 / numItems)));
  for (let s = 0; s < moments.length; s += chunk) {
    const part = moments.slice(s, s + chunk);
    const q = allocateExamples(spec, part.length, slots);
    part.forEach((m, r) => {
      const before = m.tl.watches.slice(0, m.before);
      if (slots > 0) writeSearchBag(m.tl.searches, m.time, q.searchIds!, q.searchWeights!, r * slots, slots);
      const age = retrieval.config.exampleAge ? exampleAge(end, m.time) : 0;
      writeExample(
        spec,
        q,
        r,
        before.map((w) => w.item),
        users.get(m.tl.userId),
        { device: m.device, country: m.country, time: m.time, exampleAgeDays: age },
        0,
        before.map((w) => w.time),
      );
    });
    const [psi, scores] = readTidy(() => {
      const p = retrieval.query(q);
      return [p, tf.matMul(p, retrieval.items(), false, true)];
    });
    let block: { dots: Float32Array; width: number } = { dots: new Float32Array(0), width: 0 };
    part.forEach((m, r) => {
      const row = scores.subarray(r * numItems, (r + 1) * numItems);
      const p = psi.subarray(r * dim, (r + 1) * dim);
      // The closest-users search of USER_BLOCK moments in one product; the users upserted within
      // a block are few, and nearestScored scores those afresh.
      if (replay && r % USER_BLOCK === 0) {
        const rows = Math.min(USER_BLOCK, part.length - r);
        block = replay.userDots(psi.subarray(r * dim, (r + rows) * dim), rows);
      }
      const j = r % USER_BLOCK;
      const others = replay?.at(
        {
          userId: m.tl.userId,
          history: m.tl.watches.slice(0, m.before).map((w) => w.item),
          historyTimes: m.tl.watches.slice(0, m.before).map((w) => w.time),
          psi: p,
          time: m.time,
        },
        row,
        block.width > 0 ? block.dots.subarray(j * block.width, (j + 1) * block.width) : undefined,
      );
      if (m.watch !== undefined) m.examples.push(...negativesOf(m, m.watch, row, others, cfg));
      if (!others) return;
      const annQuota = cfg.sourceQuotas.ann;
      const merged = mergedRanks(others, annQuota, annFloor(row, annQuota, 1), p, vectors, row);
      for (const ex of m.examples) {
        ex.others = others.get(ex.item);
        ex.mergedRank = merged.get(ex.item);
      }
    });
  }
}

/** A watch's negatives, as examples at its moment (retrieval's first, then the other sources'). */
function negativesOf(
  m: Moment,
  watch: number,
  row: Float32Array,
  others: OtherOrigins | undefined,
  cfg: RankerTrainConfig,
): RawExample[] {
  // Seeded by the watch itself, so its negatives do not depend on which other moments are swept.
  const rng = momentRng(cfg.seed, m.tl.userId, watch);
  const masked = row.slice();
  masked[0] = Number.NEGATIVE_INFINITY;
  for (const w of m.tl.watches) masked[w.item] = Number.NEGATIVE_INFINITY;
  const pool = topK(masked, NEGATIVE_POOL).filter((item) => Number.isFinite(masked[item]));
  rng.shuffle(pool);
  const picked = pool.slice(0, cfg.negativesPerWatch);
  if (others) {
    const fromOthers = [...others.keys()].filter(
      (item) => Number.isFinite(masked[item]) && !picked.includes(item),
    );
    rng.shuffle(fromOthers);
    picked.push(...fromOthers.slice(0, cfg.sourceNegativesPerWatch));
  }
  const w = m.tl.watches[watch];
  return picked.map((item) => ({
    user: m.tl.userId,
    ...w,
    item,
    watched: false,
    watchTimeSec: undefined,
    before: watch,
  }));
}

/** The generator of one watch's draws: the seed, the user and the watch mixed (FNV-1a). */
function momentRng(seed: number, userId: string, watch: number): Rng {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < userId.length; i++) h = Math.imul(h ^ userId.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ watch, 0x01000193);
  return createRng(h >>> 0);
}

/**
 * Negatives for every watch of these timelines (see sweepMoments), without sampling: per user,
 * per watch, the items drawn.
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
  const moments: Moment[] = timelines.flatMap((tl) =>
    tl.watches.map((w, i) => ({
      tl,
      before: i,
      time: w.time,
      device: w.device,
      country: w.country,
      watch: i,
      examples: [],
    })),
  );
  moments.sort((a, b) => a.time - b.time);
  const byUser = new Map(timelines.map((tl) => [tl.userId, tl]));
  sweepMoments(spec, retrieval, moments, byUser, users, cfg, items);
  const out: NegativeSets = new Map(timelines.map((tl) => [tl.userId, tl.watches.map(() => [] as number[])]));
  for (const m of moments) out.get(m.tl.userId)![m.before] = m.examples.map((ex) => ex.item);
  return out;
}

/** The candidate-set replay over every timeline's watches (trending counts them all). */
function replayOver(
  items: ItemTable,
  retrieval: SoftmaxDnn,
  timelines: ReadonlyMap<string, Timeline>,
  cfg: RankerTrainConfig,
): CandidateSets {
  const replay = { config: DEFAULT_SOURCES, quotas: cfg.sourceQuotas };
  return replayCandidates(items, retrieval.itemVectors(), retrieval.config.dim, timelines, replay);
}
