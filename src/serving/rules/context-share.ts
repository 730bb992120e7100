import type { ContextShareParams } from '../../bundle/rules-config.ts';
import { conditionsOf } from '../../data/context.ts';
import { bandBoost, contextShareBoosts } from '../../features/context-share.ts';
import { byScore, type Rule } from './rule.ts';

/**
 * The context post-filter (features/context-share.ts): each candidate's score moves by
 * strength · log(p_ctx / p) of its duration band, p_ctx being the user's share of that band among
 * the watches made in the request's part of the day. The daypart alone: the user state keeps when
 * each item was watched, not on which device. Off at strength 0 (the default).
 */
export function contextShare(p: ContextShareParams): Rule {
  return {
    name: 'context-share',
    apply: (list, { user, items, now }) => {
      if (p.strength === 0) return [...list];
      const history = user.watched.map((i) => ({
        durationSec: items.durationSec[i],
        conditions: conditionsOf({ time: user.watchedAt.get(i) ?? 0 }),
      }));
      const boosts = contextShareBoosts(history, conditionsOf({ time: now }), p.smoothing);
      return byScore(
        list.map((c) => ({
          ...c,
          score: c.score + bandBoost(boosts, items.durationSec[c.item], p.strength),
        })),
      );
    },
  };
}
