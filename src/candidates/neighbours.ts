import { bestOf, type CandidateSource } from './source.ts';
import type { UserIndex } from './user-index.ts';

/**
 * `neighbours`: what the user's closest users (by ψ(x), the user index) watched last, each item
 * scored by the summed similarity of the users who watched it, a more recent watch counting a
 * little more: "finding the closest users and generating those candidates" (how viral videos spread).
 */
export function neighboursSource(users: UserIndex, neighbourUsers: number): CandidateSource {
  return {
    name: 'neighbours',
    generate({ state, psi, userId }, quota) {
      if (quota <= 0 || users.size === 0) return { source: 'neighbours', items: [] };
      const score = new Map<number, number>();
      for (const u of users.nearest(psi, neighbourUsers, userId)) {
        if (u.score <= 0) continue;
        users.recentOf(u.slot).forEach((item, j) => {
          score.set(item, (score.get(item) ?? 0) + u.score / (1 + 0.1 * j));
        });
      }
      return { source: 'neighbours', items: bestOf(score.keys(), (i) => score.get(i) ?? 0, quota, state) };
    },
  };
}
