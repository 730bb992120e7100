import type { DislikeParams } from '../../bundle/rules-config.ts';
import { byScore, cosine, filterRule, type Rule } from './rule.ts';

/** Removes items the user disliked: a disliked item never comes back. */
export const removeDisliked: Rule = filterRule(
  'dislike',
  'disliked by the user',
  (item, { user }) => !user.disliked.has(item),
);

/**
 * Demotes what resembles the user's dislikes: items whose embedding is close to a disliked
 * item's, and items of a topic the user disliked repeatedly. Then re-sorts.
 */
export function demoteNearDisliked(p: DislikeParams): Rule {
  return {
    name: 'dislike-similar',
    apply: (list, { user, items, vectors, dim }) => {
      if (user.disliked.size === 0) return [...list];
      const perTopic = new Map<number, number>();
      for (const d of user.disliked) perTopic.set(items.topic[d], (perTopic.get(items.topic[d]) ?? 0) + 1);
      return byScore(
        list.map((c) => {
          let f = 1;
          if (p.topicDislikes > 0 && (perTopic.get(items.topic[c.item]) ?? 0) >= p.topicDislikes)
            f *= p.topicFactor;
          for (const d of user.disliked) {
            if (cosine(vectors, dim, c.item, d) >= p.similarity) {
              f *= p.nearFactor;
              break;
            }
          }
          return f === 1 ? c : { ...c, score: c.score * f };
        }),
      );
    },
  };
}
