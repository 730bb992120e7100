import type { Timeline } from '../data/interactions.ts';
import type { TestCase } from '../data/split.ts';

/** Which test users the metrics count (`reco evaluate --users`). */
export const TEST_USERS = ['all', 'few-watches'] as const;
export type TestUsers = (typeof TEST_USERS)[number];

/**
 * `few-watches`: at most this many watches before the held-out one. Where the watch history says
 * little, the search bag has the most to add; the cut is the ("≤ 3 watches").
 */
export const FEW_WATCHES = 3;

/** What the report says of the users measured. */
export const TEST_USERS_LABEL: Record<TestUsers, string> = {
  all: 'all',
  'few-watches': `≤ ${FEW_WATCHES} watches before the held-out one and ≥ 1 search before it`,
};

/**
 * Per test row, whether its user is measured under `users` (undefined: all are). Every model
 * still trains on the whole split: the subset changes which answers are counted, not the data.
 */
export function measuredRows(
  users: TestUsers,
  train: ReadonlyMap<string, Timeline>,
  tests: readonly TestCase[],
): boolean[] | undefined {
  if (users === 'all') return undefined;
  return tests.map((t) => {
    const tl = train.get(t.userId);
    if (!tl || tl.watches.length > FEW_WATCHES) return false;
    // A search the query tower reads at the held-out watch: a token typed strictly before it.
    const times = tl.searches?.times;
    return times !== undefined && times.length > 0 && times[0] < t.time;
  });
}
