import type { ItemTable } from '../../features/item-table.ts';
import type { UserState } from '../user-state.ts';

/** A candidate moving through ranking and the rules. */
export interface Candidate {
  item: number;
  /** ψ(x)·v from retrieval. */
  retrievalScore: number;
  /** 0-based position in the retrieval result. */
  retrievalRank: number;
  /** Current score (ranker's expected watch time, then adjusted by rules). */
  score: number;
}

/** What a rule may read: the user, the item features, the request. */
export interface RuleContext {
  user: UserState;
  items: ItemTable;
  now: number;
  k: number;
}

/**
 * A rule: a small pure function from a list (best first) to a new list. Rules never mutate
 * their input, so each can be tested alone and the chain can be explained step by step.
 */
export type Rule = (list: readonly Candidate[], ctx: RuleContext) => Candidate[];

/** Sorts by score, best first (stable for ties: keeps the earlier position). */
export function byScore(list: readonly Candidate[]): Candidate[] {
  return list
    .map((c, i) => ({ c, i }))
    .sort((a, b) => b.c.score - a.c.score || a.i - b.i)
    .map(({ c }) => c);
}
