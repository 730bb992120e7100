import type { ProviderCapParams } from '../../bundle/rules-config.ts';
import { CAP_PAGE } from './diversity.ts';
import type { Rule } from './rule.ts';

/**
 * Per-provider cap (fair exposure): fills the top k best first, taking for each position the
 * best remaining item whose provider has fewer than `maxPerProvider` items in the current page of
 * 10 positions (as the topic cap counts), and the best remaining item when none qualifies, so the
 * list still fills when every candidate is one provider's. Items without a provider are never
 * held back. Below the top k the order is kept.
 */
export function providerCap(p: ProviderCapParams): Rule {
  return {
    name: 'provider-cap',
    apply: (list, { items, k }) => {
      const provider = items.provider;
      if (p.maxPerProvider <= 0 || !provider) return [...list];
      const pool = [...list];
      const head: typeof pool = [];
      let counts = new Map<number, number>();
      const open = (item: number) =>
        provider[item] === 0 || (counts.get(provider[item]) ?? 0) < p.maxPerProvider;
      while (head.length < k && pool.length > 0) {
        if (head.length % CAP_PAGE === 0) counts = new Map();
        let at = pool.findIndex((c) => open(c.item));
        if (at < 0) at = 0;
        const [c] = pool.splice(at, 1);
        const who = provider[c.item];
        if (who !== 0) counts.set(who, (counts.get(who) ?? 0) + 1);
        head.push(c);
      }
      return [...head, ...pool];
    },
  };
}
