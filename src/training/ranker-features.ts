import type { Timeline } from '../data/interactions.ts';
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
import { writeSearchBag } from '../features/search-history.ts';
import type { FeatureSpec } from '../features/spec.ts';
import type { SoftmaxDnn } from '../models/retrieval/softmax-dnn.ts';
import { readTidy } from '../runtime/read.ts';
import { tf } from '../runtime/tf.ts';
import { type CandidateReplay, exampleOrigins } from './candidate-sets.ts';
import { type RankColumns, rankColumns } from './rank-columns.ts';
import { allocateRankerExamples, type RankerExamples } from './ranker-examples.ts';
import type { RawExample } from './raw-example.ts';

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

/** What every chunk of examples reads. */
interface Build {
  spec: FeatureSpec;
  retrieval: SoftmaxDnn;
  timelines: ReadonlyMap<string, Timeline>;
  users: ReadonlyMap<string, User>;
  ctx: RankingContext;
  columns: RankColumns;
  width: number;
  end: number;
  defaultWatchTime: number;
  userIndex: (user: string) => number;
  /** When the ranker reads source columns: ann's quota (the examples carry the replay's labels). */
  sets?: { annQuota: number };
}

/** The query inputs of each distinct query state of a chunk. */
function chunkQueries(b: Build, part: readonly RawExample[], firsts: readonly number[]): QueryExamples {
  // The search bag as serving writes it (the tokens typed before the moment), or ψ would differ.
  const slots = b.retrieval.config.searchLength ?? 0;
  const q = allocateExamples(b.spec, firsts.length, slots);
  firsts.forEach((i, qi) => {
    const r = part[i];
    const tl = b.timelines.get(r.user)!;
    const before = tl.watches.slice(0, r.before);
    if (slots > 0) writeSearchBag(tl.searches, r.time, q.searchIds!, q.searchWeights!, qi * slots, slots);
    writeExample(
      b.spec,
      q,
      qi,
      before.map((w) => w.item),
      b.users.get(r.user),
      { ...r, exampleAgeDays: b.retrieval.config.exampleAge ? exampleAge(b.end, r.time) : 0 },
      r.item,
      before.map((w) => w.time),
    );
  });
  return q;
}

/** Writes the examples of one chunk, starting at example `start`. */
function writeChunk(b: Build, ex: RankerExamples, part: readonly RawExample[], start: number): void {
  const { spec, ctx, columns, width, defaultWatchTime } = b;
  const dim = ctx.dim;
  // Examples from one moment of one user (a watch and its negatives, a page of impressions)
  // share the query: ψ(x) and the catalogue's scores are computed once per distinct state.
  const { rowOf, firsts } = distinctQueries(part);
  const q = chunkQueries(b, part, firsts);
  const [psi, scores] = readTidy(() => {
    const p = b.retrieval.query(q);
    return [p, tf.matMul(p, columns.items, false, true)];
  });
  part.forEach((r, i) => {
    const row = start + i;
    const qi = rowOf[i];
    const scored = scores.subarray(qi * columns.cols, (qi + 1) * columns.cols);
    const rank = columns.rank(scored, psi, qi * dim, r.item);
    // The source columns come from the moment's replay (rawExamples' sweep labelled the example).
    writeRankerFeatures(
      ctx,
      queryRow(spec, dim, q, qi, psi, qi, r.time),
      r.item,
      ex.features,
      row * width,
      b.sets ? (r.mergedRank ?? rank) : rank,
      undefined,
      b.sets ? exampleOrigins(rank, b.sets.annQuota, r.others) : undefined,
    );
    const watchTime = r.watchTimeSec ?? defaultWatchTime;
    ex.labels[row] = r.watched ? 1 : 0;
    ex.watchTime[row] = r.watched ? watchTime : 0;
    ex.weights[row] = r.watched ? watchTime : 1;
    ex.time[row] = r.time;
    ex.user[row] = b.userIndex(r.user);
    ex.item[row] = r.item;
  });
}

/** Builds ranker features with ψ(x) from the trained retrieval model (forward only). */
export function buildRankerExamples(
  spec: FeatureSpec,
  items: ItemTable,
  retrieval: SoftmaxDnn,
  timelines: ReadonlyMap<string, Timeline>,
  users: ReadonlyMap<string, User>,
  raw: readonly RawExample[],
  defaultWatchTime: number,
  /** The ranker configuration's seed: the retrieval-rank sample of a large catalogue comes from it. */
  seed: number,
  /**
   * Write the source columns (absent: ann-only ranker) from the labels rawExamples' sweep put on
   * the examples: the replay of the moments' candidate sets ran there, once.
   */
  replay?: CandidateReplay,
): RankerExamples {
  const { dim, numItems } = retrieval.config;
  const width = rankerWidth(spec, dim, replay !== undefined);
  const vectors = retrieval.itemVectors();
  const userIds = new Map<string, number>();
  const columns = rankColumns(vectors, numItems, dim, seed);
  const b: Build = {
    spec,
    retrieval,
    timelines,
    users,
    ctx: { spec, items, vectors, dim, sourceFeatures: replay !== undefined },
    columns,
    width,
    end: dataEnd(timelines.values()),
    defaultWatchTime,
    userIndex: (u) => {
      if (!userIds.has(u)) userIds.set(u, userIds.size);
      return userIds.get(u)!;
    },
    ...(replay ? { sets: { annQuota: replay.quotas.ann } } : {}),
  };
  const ex = allocateRankerExamples(raw.length, width);
  // Rows per chunk: the score block [chunk, cols] stays around 16 MB.
  const chunk = Math.max(1, Math.min(2048, Math.floor(4_000_000 / columns.cols)));
  try {
    for (let start = 0; start < raw.length; start += chunk)
      writeChunk(b, ex, raw.slice(start, start + chunk), start);
  } finally {
    columns.items.dispose();
  }
  return ex;
}
