import type { FreshnessParams } from '../../bundle/rules-config.ts';
import { itemAgeDays } from '../../features/item-table.ts';
import { byScore, type Rule } from './rule.ts';

/** Boosts fresh items: score × (1 + boost · 2^(−age / halfLife)), then re-sorts. */
export function freshness(p: FreshnessParams): Rule {
  return {
    name: 'freshness',
    apply: (list, { items, now }) =>
      p.boost === 0
        ? [...list]
        : byScore(
            list.map((c) => ({
              ...c,
              score: c.score * (1 + p.boost * 2 ** (-itemAgeDays(items, c.item, now) / p.halfLifeDays)),
            })),
          ),
  };
}
