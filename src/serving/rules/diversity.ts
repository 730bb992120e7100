import type { DiversityParams } from '../../bundle/rules-config.ts';
import { cosine, type Rule } from './rule.ts';

/**
 * Maximal marginal relevance (Carbonell & Goldstein 1998) over the first 3k candidates: pick
 * next the item maximising λ·relevance − (1 − λ)·max cosine to the items already picked.
 * Relevance is the log score scaled to [0, 1] over the pool: scores are exp(logit)-like, so on
 * their own scale everything past the first few items is ~0 and the similarity term alone
 * would order the list.
 */
export function mmr(p: DiversityParams): Rule {
  return {
    name: 'mmr',
    apply: (list, { vectors, dim, k }) => {
      if (p.lambda >= 1 || list.length < 2) return [...list];
      const pool = list.slice(0, 3 * k);
      const logs = pool.map((c) => Math.log(Math.max(c.score, 1e-300)));
      const hi = Math.max(...logs);
      const lo = Math.min(...logs);
      const rel = logs.map((l) => (hi > lo ? (l - lo) / (hi - lo) : 1));
      const picked: typeof pool = [];
      const maxSim = new Float64Array(pool.length);
      const used = new Uint8Array(pool.length);
      for (let n = 0; n < Math.min(k, pool.length); n++) {
        let best = -1;
        let bestValue = Number.NEGATIVE_INFINITY;
        pool.forEach((_, i) => {
          if (used[i]) return;
          const v = p.lambda * rel[i] - (1 - p.lambda) * maxSim[i];
          if (v > bestValue) {
            bestValue = v;
            best = i;
          }
        });
        used[best] = 1;
        picked.push(pool[best]);
        pool.forEach((c, i) => {
          if (!used[i]) maxSim[i] = Math.max(maxSim[i], cosine(vectors, dim, c.item, pool[best].item));
        });
      }
      return [...picked, ...pool.filter((_, i) => !used[i]), ...list.slice(3 * k)];
    },
  };
}

/** Positions per "page" the topic cap counts in: what one screen of a list shows. */
export const CAP_PAGE = 10;

/**
 * Per-topic cap: fills the top k best first, taking for each position the best remaining item
 * whose topic has fewer than `maxPerTopic` items in the current page of 10 positions (a 100-item
 * list is not held to 4 items per topic in all), and the best remaining item when none qualifies,
 * so the list still fills when the candidates are all of one topic.
 */
export function topicCap(p: DiversityParams): Rule {
  return {
    name: 'topic-cap',
    apply: (list, { items, k }) => {
      if (p.maxPerTopic <= 0) return [...list];
      const pool = [...list];
      const head: typeof pool = [];
      let counts = new Map<number, number>();
      while (head.length < k && pool.length > 0) {
        if (head.length % CAP_PAGE === 0) counts = new Map();
        let at = pool.findIndex((c) => (counts.get(items.topic[c.item]) ?? 0) < p.maxPerTopic);
        if (at < 0) at = 0;
        const [c] = pool.splice(at, 1);
        const topic = items.topic[c.item];
        counts.set(topic, (counts.get(topic) ?? 0) + 1);
        head.push(c);
      }
      return [...head, ...pool];
    },
  };
}
