import type { BundleUser } from '../../bundle/contents.ts';
import type { LoadedBundle } from '../../bundle/read.ts';
import type { UserIndex } from '../../candidates/user-index.ts';
import { allocateExamples, type QueryBatch, type QueryExamples, writeExample } from '../../features/query.ts';
import { writeSearchBag } from '../../features/search-history.ts';
import type { FeatureSpec } from '../../features/spec.ts';
import { searchInputOf } from '../../models/retrieval/search-input.ts';
import type { SoftmaxDnnConfig } from '../../models/retrieval/softmax-dnn-config.ts';
import { readTidy } from '../../runtime/read.ts';
import type { tf } from '../../runtime/tf.ts';
import type { RecommendRequest } from '../engine.ts';
import { buildUserState, type UserState } from '../user-state.ts';
import { queryPsi, type SplitTower } from './query-forward.ts';

/** One request's query: the tower's inputs (feature assembly reads them again) and ψ(x). */
export interface EmbeddedQuery {
  examples: QueryExamples;
  /** ψ(x), [dim]. */
  psi: Float32Array;
}

/** The part of the query tower this stage needs, so tests can hand it a stand-in. */
export interface QueryTower extends SplitTower {
  query(batch: QueryBatch): tf.Tensor2D;
  /** The tower's search input (none: a tower that reads no searches). */
  config?: Pick<SoftmaxDnnConfig, 'searchBuckets' | 'searchLength'>;
}

/** Search slots per query row of `tower` (0: it has no search input). */
export const searchSlots = (tower: QueryTower): number =>
  (tower.config && searchInputOf(tower.config)?.length) || 0;

export interface DepthOptions {
  /** Most candidates ranked, whatever k. */
  candidates: number;
  candidatesPerItem: number;
  minCandidates: number;
}

/**
 * The request's device and country, else the user's latest: the tower was trained on the
 * context each watch happened in, and a client that sends none is most likely where it was.
 */
export function requestContext(
  req: Pick<RecommendRequest, 'context'>,
  state: Pick<UserState, 'lastContext'>,
  now: number,
): { device?: string; country?: string; time: number } {
  return {
    device: req.context?.device ?? state.lastContext?.device,
    country: req.context?.country ?? state.lastContext?.country,
    time: now,
  };
}

/**
 * Writes row `r`: the user's query at `ctx.time` as training writes an example (features/): the
 * watches with their times, profile, context and, with search slots, the latest search tokens
 * typed before that time.
 */
export function writeUserQuery(
  spec: FeatureSpec,
  ex: QueryExamples,
  r: number,
  state: UserState,
  ctx: { device?: string; country?: string; time: number },
  searchLength: number,
): void {
  const times = state.watched.map((i) => state.watchedAt.get(i) ?? 0);
  writeExample(spec, ex, r, state.watched, state.profile, ctx, 0, times);
  if (searchLength > 0)
    writeSearchBag(
      state.searches,
      ctx.time,
      ex.searchIds!,
      ex.searchWeights!,
      r * searchLength,
      searchLength,
    );
}

/** ψ(x) for this request: history with its watch times, profile, context, recent searches. */
export function embedQuery(
  spec: FeatureSpec,
  tower: QueryTower,
  state: UserState,
  req: Pick<RecommendRequest, 'context'>,
  now: number,
): EmbeddedQuery {
  const slots = searchSlots(tower);
  const examples = allocateExamples(spec, 1, slots);
  writeUserQuery(spec, examples, 0, state, requestContext(req, state, now), slots);
  return { examples, psi: queryPsi(tower, examples) };
}

/**
 * How many neighbours to ask the index for. The ranker sees a multiple of k (capped), and the
 * leading filters will drop the user's watched and disliked items from what comes back, so
 * those are added on top; request post-filters drop an unknown share, hence the 5× margin.
 */
export function searchDepth(
  opts: DepthOptions,
  k: number,
  state: { watchedAt: { size: number }; disliked: { size: number } },
  filtered: boolean,
): number {
  const depth = Math.min(opts.candidates, Math.max(opts.minCandidates, opts.candidatesPerItem * k));
  return (filtered ? 5 : 1) * depth + state.watchedAt.size + state.disliked.size;
}

/** Users embedded per batch when seeding the user index. */
const SEED_BATCH = 1024;

/**
 * Fills the closest-users index with the bundle's users at install: those who watched most
 * recently first, up to its capacity, in batches of the query tower. Each later request of a
 * user replaces theirs with the ψ(x) of their current history.
 */
export function seedUserIndex(
  b: Pick<LoadedBundle, 'spec' | 'retrieval' | 'users'>,
  index: Pick<UserIndex, 'capacity' | 'upsert'>,
  now: number,
): void {
  if (index.capacity === 0) return;
  const slots = searchSlots(b.retrieval);
  // A stand-in tower without a config (tests) reads no searches.
  const search = b.retrieval.config ? searchInputOf(b.retrieval.config) : undefined;
  const last = (u: BundleUser) => u.watched[u.watched.length - 1]?.[1] ?? 0;
  const users = [...b.users.values()]
    .filter((u) => u.watched.length > 0)
    .sort((x, y) => last(y) - last(x))
    .slice(0, index.capacity);
  // Batches from the least recent, so stamps rise with recency and overflow evicts the least recent.
  for (let s = Math.floor((users.length - 1) / SEED_BATCH) * SEED_BATCH; s >= 0; s -= SEED_BATCH) {
    const part = users.slice(s, s + SEED_BATCH);
    const states = part.map((u) =>
      buildUserState(b.spec.items, u, [], search && { ...search, events: [], asOf: now }),
    );
    const ex = allocateExamples(b.spec, part.length, slots);
    states.forEach((st, r) => {
      writeUserQuery(b.spec, ex, r, st, requestContext({}, st, now), slots);
    });
    const psi = readTidy(() => b.retrieval.query(ex));
    const dim = psi.length / part.length;
    // Oldest first, so the most recent watchers are the last evicted if the index overflows later.
    for (let r = part.length - 1; r >= 0; r--)
      index.upsert(part[r].userId, psi.subarray(r * dim, (r + 1) * dim), states[r].watched);
  }
}
