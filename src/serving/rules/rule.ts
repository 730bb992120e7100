import type { Origin } from '../../candidates/merge.ts';
import type { ItemTable } from '../../features/item-table.ts';
import type { UserState } from '../user-state.ts';

/** A candidate moving through ranking and the rules. */
export interface Candidate {
  item: number;
  /** ψ(x)·v from retrieval. */
  retrievalScore: number;
  /** 0-based position in the retrieval result. */
  retrievalRank: number;
  /** The ranker's expected watch time, before any rule (absent when the bundle has no ranker). */
  rankerScore?: number;
  /** Current score (the ranker's, then adjusted by rules). */
  score: number;
  /** The candidate sources that produced it and its 0-based rank in each (absent: ann alone). */
  sources?: Origin[];
}

/** What a rule may read: the user, the items, the request. */
export interface RuleContext {
  user: UserState;
  items: ItemTable;
  /** Item embeddings V, [numItems * dim] row-major (for similarity-based rules). */
  vectors: Float32Array;
  dim: number;
  now: number;
  k: number;
}

/**
 * A rule: a small pure function from a list (best first) to a new list, with a name for the
 * explain trace. Rules never mutate their input, so each can be tested alone and the chain
 * explained step by step. `why` says why an item the rule dropped was dropped.
 */
export interface Rule {
  name: string;
  apply(list: readonly Candidate[], ctx: RuleContext): Candidate[];
  why?: string;
  /**
   * Set on rules that only drop items, each on its own (no scores, no order): the serving path
   * runs these before the ranker, so it never scores what would be dropped anyway.
   */
  keeps?(item: number, ctx: RuleContext): boolean;
}

/** A rule that drops the items `keeps` rejects, keeping the others in order. */
export function filterRule(
  name: string,
  why: string,
  keeps: (item: number, ctx: RuleContext) => boolean,
): Rule {
  return { name, why, keeps, apply: (list, ctx) => list.filter((c) => keeps(c.item, ctx)) };
}

/** Sorts by score, best first (stable for ties: keeps the earlier position). */
export function byScore(list: readonly Candidate[]): Candidate[] {
  return list
    .map((c, i) => ({ c, i }))
    .sort((a, b) => b.c.score - a.c.score || a.i - b.i)
    .map(({ c }) => c);
}

/** Cosine similarity of two item embeddings. */
export function cosine(vectors: Float32Array, dim: number, a: number, b: number): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let k = 0; k < dim; k++) {
    const x = vectors[a * dim + k];
    const y = vectors[b * dim + k];
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}
