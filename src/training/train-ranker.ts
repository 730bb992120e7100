import { createRng } from '../data/demo/rng.ts';
import type { Impression, Timeline } from '../data/interactions.ts';
import type { User } from '../data/types.ts';
import type { ItemTable } from '../features/item-table.ts';
import {
  allocateExamples,
  dataEnd,
  exampleAge,
  type QueryExamples,
  writeExample,
} from '../features/query.ts';
import { queryRow, type RankingContext, rankerWidth, writeRankerFeatures } from '../features/ranking.ts';
import type { FeatureSpec } from '../features/spec.ts';
import { auc } from '../models/metrics/metrics.ts';
import { watchTimeMetrics } from '../models/metrics/watch-time.ts';
import { Ranker } from '../models/ranking/ranker.ts';
import { weightedLogisticLoss } from '../models/ranking/weighted-logistic.ts';
import type { SoftmaxDnn } from '../models/retrieval/softmax-dnn.ts';
import { topK } from '../models/top-k.ts';
import { readTidy } from '../runtime/read.ts';
import { tf } from '../runtime/tf.ts';
import { createAdam } from './adam.ts';
import { type EpochLog, epochsFor, fit } from './loop.ts';
import type { Progress } from './progress.ts';

export interface RankerTrainConfig {
  hidden: number[];
  epochs: number;
  /**
   * Budget of optimizer steps: large data sets get fewer epochs (at least 3), as for retrieval.
   * Measured on a synthetic set of MovieLens-100K's format and size (300k ranker examples):
   * validation AUC 0.826 / 0.821 / 0.828 after 3 / 4 / 8 epochs (±0.005 from epoch to epoch), so
   * 8 epochs there only doubled `reco train` (25.4 s with the budget, 32.6 s without).
   */
  maxSteps: number;
  batchSize: number;
  learningRate: number;
  /** Cap on training impressions (sampled uniformly beyond it) to bound memory. */
  maxExamples: number;
  /** Share of the latest impressions (by time) held out for validation. */
  validShare: number;
  /** Negatives per watch drawn from retrieval's top candidates the user never watched. */
  negativesPerWatch: number;
  /**
   * `always`: add retrieval negatives to the impressions (default: the ranker then learns to
   * reorder the candidates it gets at serving); `without-impressions`: only for users with no
   * impressions (MovieLens-style data), so the loss is the YouTube paper's on impression data.
   */
  retrievalNegatives: 'always' | 'without-impressions';
  /** `weighted-logistic`: positives weighted by watch time (the default); `logistic`: every weight 1 (click prediction). */
  loss: 'weighted-logistic' | 'logistic';
  seed: number;
}

export const DEFAULT_RANKER_CONFIG: RankerTrainConfig = {
  hidden: [128, 64],
  epochs: 8,
  maxSteps: 2_500,
  batchSize: 512,
  learningRate: 0.002,
  maxExamples: 300_000,
  validShare: 0.1,
  negativesPerWatch: 3,
  retrievalNegatives: 'always',
  loss: 'weighted-logistic',
  seed: 11,
};

/** Ranker examples: features plus label and weight for the weighted logistic loss. */
export interface RankerExamples {
  size: number;
  features: Float32Array;
  labels: Float32Array;
  /** Positives: watch time in seconds (or the median watch time when unknown); negatives: 1. */
  weights: Float32Array;
  /** Watch time of positives (0 for negatives), for evaluation. */
  watchTime: Float32Array;
  time: Float64Array;
  /** A per-user index (for per-user list metrics and id-based scorers). */
  user: Int32Array;
  /** Item vocabulary index. */
  item: Int32Array;
}

/** An impression (real, or a sampled negative) with its user and the count of earlier watches. */
interface RawExample extends Impression {
  user: string;
  before: number;
}

function allocateRankerExamples(size: number, width: number): RankerExamples {
  return {
    size,
    features: new Float32Array(size * width),
    labels: new Float32Array(size),
    weights: new Float32Array(size),
    watchTime: new Float32Array(size),
    time: new Float64Array(size),
    user: new Int32Array(size),
    item: new Int32Array(size),
  };
}

/** Per impression-less user: per watch, the negatives to pair with it. */
type NegativeSets = Map<string, number[][]>;

/** Candidates among which negatives for impression-less data are drawn. */
const NEGATIVE_POOL = 50;

/**
 * Negatives for data without impressions (MovieLens-style): for each watch, items that the
 * retrieval model would have served at that moment (its top NEGATIVE_POOL, from the history
 * before the watch) and that the user never watched. They stand in for the impressions the
 * user saw and passed over, which is what the ranker must learn to tell apart.
 */
function retrievalNegatives(
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

/** Impressions, or watches + retrieval negatives when there are none, each with its history length. */
function collectRaw(timelines: Iterable<Timeline>, negatives: NegativeSets): RawExample[] {
  const out: RawExample[] = [];
  for (const tl of timelines) {
    const times = tl.watches.map((w) => w.time);
    const countBefore = (t: number) => {
      let lo = 0;
      let hi = times.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (times[mid] < t) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    if (tl.impressions.length > 0) {
      for (const imp of tl.impressions) out.push({ user: tl.userId, ...imp, before: countBefore(imp.time) });
      if (!negatives.has(tl.userId)) continue;
    }
    const negs = negatives.get(tl.userId) ?? [];
    tl.watches.forEach((w, i) => {
      out.push({ user: tl.userId, ...w, watched: true, before: i });
      for (const item of negs[i] ?? []) {
        out.push({ user: tl.userId, ...w, item, watched: false, watchTimeSec: undefined, before: i });
      }
    });
  }
  return out;
}

/** Items sampled to estimate retrieval ranks in catalogues larger than this. */
const RANK_SAMPLE = 4096;

/**
 * 0-based rank of `item` in a row of retrieval scores over the catalogue (OOV row 0 excluded):
 * how many items score higher. Serving sees the same quantity as the candidate's position in
 * the index's answer.
 */
export function retrievalRank(row: Float32Array, item: number): number {
  return countAbove(row, row[item], 1);
}

/** How many of row[from..] exceed `score`; a comparison per entry, no branch on the data. */
function countAbove(row: Float32Array, score: number, from = 0): number {
  let higher = 0;
  for (let j = from; j < row.length; j++) higher += +(row[j] > score);
  return higher;
}

function dot(a: Float32Array, ao: number, b: Float32Array, bo: number, n: number): number {
  let s = 0;
  for (let k = 0; k < n; k++) s += a[ao + k] * b[bo + k];
  return s;
}

function median(values: number[]): number {
  if (values.length === 0) return 1;
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/**
 * Groups examples by query state (user, watches before, time and request context: everything
 * writeExample reads besides the item). rowOf[i] is example i's group; firsts[g] is the first
 * example of group g.
 */
function distinctQueries(part: readonly RawExample[]): { rowOf: Int32Array; firsts: number[] } {
  const rowOf = new Int32Array(part.length);
  const groups = new Map<string, number>();
  const firsts: number[] = [];
  part.forEach((r, i) => {
    const key = `${r.user}\u0000${r.before}\u0000${r.time}\u0000${r.device ?? ''}\u0000${r.country ?? ''}`;
    let g = groups.get(key);
    if (g === undefined) {
      g = firsts.length;
      groups.set(key, g);
      firsts.push(i);
    }
    rowOf[i] = g;
  });
  return { rowOf, firsts };
}

/** Builds ranker features with ψ(x) from the trained retrieval model (forward only). */
function buildRankerExamples(
  spec: FeatureSpec,
  items: ItemTable,
  retrieval: SoftmaxDnn,
  itemVectors: Float32Array,
  timelines: ReadonlyMap<string, Timeline>,
  users: ReadonlyMap<string, User>,
  raw: RawExample[],
  defaultWatchTime: number,
): RankerExamples {
  const dim = retrieval.config.dim;
  const width = rankerWidth(spec, dim);
  const ctx: RankingContext = { spec, items, vectors: itemVectors, dim };
  const ex = allocateRankerExamples(raw.length, width);
  const userIds = new Map<string, number>();
  const userIndex = (u: string) => {
    let i = userIds.get(u);
    if (i === undefined) {
      i = userIds.size;
      userIds.set(u, i);
    }
    return i;
  };
  const numItems = retrieval.config.numItems;
  const end = dataEnd(timelines.values());
  // Large catalogues: ranks estimated against a fixed sample of items, scored alone (a
  // [rows, RANK_SAMPLE] product instead of [rows, numItems]).
  const rng = createRng(7);
  const sample =
    numItems - 1 > RANK_SAMPLE
      ? Int32Array.from({ length: RANK_SAMPLE }, () => 1 + Math.floor(rng.next() * (numItems - 1)))
      : undefined;
  const cols = sample ? sample.length : numItems;
  // Rows per chunk: the score block [chunk, cols] stays around 16 MB.
  const chunk = Math.max(1, Math.min(2048, Math.floor(4_000_000 / cols)));
  const rankItems = tf.tidy(() => {
    const all = tf.tensor2d(itemVectors, [numItems, dim]);
    return sample ? tf.gather(all, tf.tensor1d(sample, 'int32')) : all;
  });
  for (let start = 0; start < raw.length; start += chunk) {
    const part = raw.slice(start, start + chunk);
    // Examples from one moment of one user (a watch and its negatives, a page of impressions)
    // share the query: ψ(x) and the catalogue's scores are computed once per distinct state.
    const { rowOf, firsts } = distinctQueries(part);
    const q: QueryExamples = allocateExamples(spec, firsts.length);
    firsts.forEach((i, qi) => {
      const r = part[i];
      const before = timelines.get(r.user)!.watches.slice(0, r.before);
      writeExample(
        spec,
        q,
        qi,
        before.map((w) => w.item),
        users.get(r.user),
        { ...r, exampleAgeDays: retrieval.config.exampleAge ? exampleAge(end, r.time) : 0 },
        r.item,
        before.map((w) => w.time),
      );
    });
    const [psi, scores] = readTidy(() => {
      const p = retrieval.query(q);
      return [p, tf.matMul(p, rankItems, false, true)];
    });
    part.forEach((r, i) => {
      const row = start + i;
      const qi = rowOf[i];
      const scored = scores.subarray(qi * cols, (qi + 1) * cols);
      const rank = sample
        ? Math.round(
            (countAbove(scored, dot(psi, qi * dim, itemVectors, r.item * dim, dim)) * (numItems - 1)) / cols,
          )
        : retrievalRank(scored, r.item);
      writeRankerFeatures(
        ctx,
        queryRow(spec, dim, q, qi, psi, qi, r.time),
        r.item,
        ex.features,
        row * width,
        rank,
      );
      ex.labels[row] = r.watched ? 1 : 0;
      ex.watchTime[row] = r.watched ? (r.watchTimeSec ?? defaultWatchTime) : 0;
      ex.weights[row] = r.watched ? (r.watchTimeSec ?? defaultWatchTime) : 1;
      ex.time[row] = r.time;
      ex.user[row] = userIndex(r.user);
      ex.item[row] = r.item;
    });
  }
  rankItems.dispose();
  return ex;
}

function subset(ex: RankerExamples, rows: ArrayLike<number>, width: number): RankerExamples {
  const out = allocateRankerExamples(rows.length, width);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    out.features.set(ex.features.subarray(r * width, (r + 1) * width), i * width);
    out.labels[i] = ex.labels[r];
    out.weights[i] = ex.weights[r];
    out.watchTime[i] = ex.watchTime[r];
    out.time[i] = ex.time[r];
    out.user[i] = ex.user[r];
    out.item[i] = ex.item[r];
  }
  return out;
}

export interface RankerResult {
  model: Ranker;
  curve: EpochLog[];
  validation: {
    auc: number;
    weightedAuc: number;
    examples: number;
    /** Mean over users of the watch time of their 10 best-scored validation impressions. */
    watchTimeTop10: number;
    ndcg10WatchTime: number;
  };
  trainExamples: number;
  ms: number;
  /** The examples' split, for comparison scorers trained on exactly the same data. */
  split: { train: RankerExamples; valid: RankerExamples };
}

/**
 * Trains the ranking DNN with watch-time-weighted logistic loss on impressions, validating on
 * the latest `validShare` of them (AUC, and AUC with positives weighted by watch time).
 */
export async function trainRanker(
  spec: FeatureSpec,
  items: ItemTable,
  retrieval: SoftmaxDnn,
  timelines: ReadonlyMap<string, Timeline>,
  users: ReadonlyMap<string, User>,
  config: RankerTrainConfig,
  progress: Progress,
): Promise<RankerResult> {
  const t0 = performance.now();
  const rng = createRng(config.seed);
  // Retrieval negatives: for impression-less users always; for the others too unless configured
  // off, since they teach the ranker to reorder exactly the candidates it is given at serving.
  const needNegatives = [...timelines.values()].filter(
    (tl) => tl.watches.length > 0 && (config.retrievalNegatives === 'always' || tl.impressions.length === 0),
  );
  const negatives = retrievalNegatives(spec, retrieval, needNegatives, users, config);
  let raw = collectRaw(timelines.values(), negatives);
  raw.sort((a, b) => a.time - b.time);
  if (raw.length > config.maxExamples) {
    // Keep the time order: sample a sorted subset of positions.
    const keep = new Uint8Array(raw.length);
    const idx = Int32Array.from({ length: raw.length }, (_, i) => i);
    rng.shuffle(idx);
    for (let i = 0; i < config.maxExamples; i++) keep[idx[i]] = 1;
    raw = raw.filter((_, i) => keep[i] === 1);
  }
  const defaultWatchTime = median(
    raw.flatMap((r) => (r.watched && r.watchTimeSec !== undefined ? [r.watchTimeSec] : [])),
  );
  const itemVectors = retrieval.itemVectors();
  const all = buildRankerExamples(
    spec,
    items,
    retrieval,
    itemVectors,
    timelines,
    users,
    raw,
    defaultWatchTime,
  );
  const width = rankerWidth(spec, retrieval.config.dim);
  const cut = Math.floor(all.size * (1 - config.validShare));
  const train = subset(
    all,
    Int32Array.from({ length: cut }, (_, i) => i),
    width,
  );
  const valid = subset(
    all,
    Int32Array.from({ length: all.size - cut }, (_, i) => cut + i),
    width,
  );

  const model = new Ranker({ inputWidth: width, hidden: config.hidden, seed: config.seed });
  const optimizer = createAdam(config.learningRate);
  const validate = () => {
    const scores = model.score(valid.features, valid.size);
    return {
      auc: auc(scores, valid.labels),
      weightedAuc: auc(
        scores,
        valid.labels,
        Float32Array.from(valid.watchTime, (w, i) => (valid.labels[i] ? w : 1)),
      ),
      examples: valid.size,
      ...(({ users: _, ...m }) => m)(watchTimeMetrics(valid.user, scores, valid.watchTime)),
    };
  };
  const curve = await fit({
    variables: model.variables(),
    optimizer,
    size: train.size,
    batchSize: config.batchSize,
    epochs: epochsFor(train.size, config),
    seed: config.seed,
    progress,
    label: 'ranker',
    loss: (rows) => {
      const b = subset(train, rows, width);
      return weightedLogisticLoss(
        model.logits(tf.tensor2d(b.features, [b.size, width])),
        b.labels,
        config.loss === 'logistic' ? new Float32Array(b.size).fill(1) : b.weights,
      );
    },
    afterEpoch: async () => {
      const v = validate();
      return { metrics: { auc: v.auc, weightedAuc: v.weightedAuc } };
    },
  });
  optimizer.dispose();
  return {
    model,
    curve,
    validation: validate(),
    trainExamples: train.size,
    ms: Math.round(performance.now() - t0),
    split: { train, valid },
  };
}
