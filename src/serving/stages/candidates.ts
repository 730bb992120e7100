import { allocateExamples, type QueryBatch, type QueryExamples, writeExample } from '../../features/query.ts';
import type { FeatureSpec } from '../../features/spec.ts';
import type { CandidateIndex, SearchResult } from '../../index/candidate-index.ts';
import { readTidy } from '../../runtime/read.ts';
import type { tf } from '../../runtime/tf.ts';
import type { RecommendRequest } from '../engine.ts';
import type { UserState } from '../user-state.ts';

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
  state: Pick<UserState, 'watchedAt' | 'disliked'>,
  filtered: boolean,
): number {
  const depth = Math.min(opts.candidates, Math.max(opts.minCandidates, opts.candidatesPerItem * k));
  return (filtered ? 5 : 1) * depth + state.watchedAt.size + state.disliked.size;
}

/** Candidate generation: the index's top `n` items by ψ(x)·v. */
export function generateCandidates(
  index: Pick<CandidateIndex, 'search'>,
  q: EmbeddedQuery,
  n: number,
): SearchResult {
  return index.search(q.psi, n);
}
