import type { BundleUser } from '../../bundle/contents.ts';
import type { LoadedBundle } from '../../bundle/read.ts';
import type { UserIndex } from '../../candidates/user-index.ts';
import { allocateExamples, type QueryBatch, type QueryExamples, writeExample } from '../../features/query.ts';
import type { FeatureSpec } from '../../features/spec.ts';
import { readTidy } from '../../runtime/read.ts';
import type { tf } from '../../runtime/tf.ts';
import type { RecommendRequest } from '../engine.ts';
import { buildUserState, type UserState } from '../user-state.ts';

/** One request's query: the tower's inputs (feature assembly reads them again) and ψ(x). */
export interface EmbeddedQuery {
  examples: QueryExamples;
  /** ψ(x), [dim]. */
  psi: Float32Array;
}

/** The part of the query tower this stage needs, so tests can hand it a stand-in. */
export interface QueryTower {
  query(batch: QueryBatch): tf.Tensor2D;
}

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

/** ψ(x) for this request: history with its watch times, profile, context. */
export function embedQuery(
  spec: FeatureSpec,
  tower: QueryTower,
  state: UserState,
  req: Pick<RecommendRequest, 'context'>,
  now: number,
): EmbeddedQuery {
  const examples = allocateExamples(spec, 1);
  const times = state.watched.map((i) => state.watchedAt.get(i) ?? 0);
  writeExample(spec, examples, 0, state.watched, state.profile, requestContext(req, state, now), 0, times);
  return { examples, psi: readTidy(() => tower.query(examples)) };
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
  const last = (u: BundleUser) => u.watched[u.watched.length - 1]?.[1] ?? 0;
  const users = [...b.users.values()]
    .filter((u) => u.watched.length > 0)
    .sort((x, y) => last(y) - last(x))
    .slice(0, index.capacity);
  // Batches from the least recent, so stamps rise with recency and overflow evicts the least recent.
  for (let s = Math.floor((users.length - 1) / SEED_BATCH) * SEED_BATCH; s >= 0; s -= SEED_BATCH) {
    const part = users.slice(s, s + SEED_BATCH);
    const states = part.map((u) => buildUserState(b.spec.items, u, []));
    const ex = allocateExamples(b.spec, part.length);
    states.forEach((st, r) => {
      const times = st.watched.map((i) => st.watchedAt.get(i) ?? 0);
      writeExample(b.spec, ex, r, st.watched, st.profile, requestContext({}, st, now), 0, times);
    });
    const psi = readTidy(() => b.retrieval.query(ex));
    const dim = psi.length / part.length;
    // Oldest first, so the most recent watchers are the last evicted if the index overflows later.
    for (let r = part.length - 1; r >= 0; r--)
      index.upsert(part[r].userId, psi.subarray(r * dim, (r + 1) * dim), states[r].watched);
  }
}
