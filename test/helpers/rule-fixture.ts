import type { ItemTable } from '../../src/features/item-table.ts';
import type { Candidate, RuleContext } from '../../src/serving/rules/rule.ts';
import type { UserState } from '../../src/serving/user-state.ts';

/** A small world for the serving rules: what each rule test builds its lists and context from. */
export const DAY = 86_400_000;
export const NOW = 100 * DAY;

/** Items 1..6 with topics [_, A, A, A, B, B, C]; item 3 published today, the others 70 days ago. */
export function fixtureItems(): ItemTable {
  return {
    topic: Int32Array.from([0, 1, 1, 1, 2, 2, 3]),
    durationSec: new Float32Array(7).fill(100),
    publishedAt: Float64Array.from([0, 30, 30, 100, 30, 30, 30].map((d) => d * DAY)),
    watches: new Float64Array(7),
    recentWatches: new Float64Array(7),
  };
}

/** 2-d embeddings: items 1 and 2 identical, 3 orthogonal to them, 4 close to 1, 5 opposite 1, 6 opposite 3. */
export const fixtureVectors = Float32Array.from([0, 0, 1, 0, 1, 0, 0, 1, 0.99, 0.1, -1, 0, 0, -1]);

/** A user who watched `watched` ([item, time]) and disliked `disliked`. */
export function fixtureUser(watched: [number, number][] = [], disliked: number[] = []): UserState {
  return { watched: watched.map(([i]) => i), watchedAt: new Map(watched), disliked: new Set(disliked) };
}

export function fixtureContext(o: Partial<RuleContext> = {}): RuleContext {
  return {
    user: fixtureUser(),
    items: fixtureItems(),
    vectors: fixtureVectors,
    dim: 2,
    now: NOW,
    k: 10,
    ...o,
  };
}

/** Candidates from [item, score] pairs, in the order given (retrieval rank = position). */
export function candidates(...scores: [number, number][]): Candidate[] {
  return scores.map(([item, score], i) => ({
    item,
    score,
    rankerScore: score,
    retrievalScore: score,
    retrievalRank: i,
  }));
}

export const itemIds = (l: readonly Candidate[]): number[] => l.map((c) => c.item);
