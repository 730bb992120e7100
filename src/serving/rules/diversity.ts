import { cosine, type Rule } from './rule.ts';

export interface DiversityParams {
  /** MMR trade-off: 1 = pure relevance, 0 = pure novelty. */
  lambda: number;
  /** Most items of one topic in the top k; 0 disables the cap. */
  maxPerTopic: number;
}

/**
 * Maximal marginal relevance (Carbonell & Goldstein 1998) over the first 3k candidates: pick
 * next the item maximising λ·score/maxScore − (1 − λ)·max cosine to the items already picked.
 */
export function mmr(p: DiversityParams): Rule {
  return {
    name: 'mmr',
    apply: (list, { vectors, dim, k }) => {
      if (p.lambda >= 1 || list.length < 2) return [...list];
      const pool = list.slice(0, 3 * k);
      const top = Math.max(...pool.map((c) => c.score), 1e-12);
      const picked: typeof pool = [];
      const maxSim = new Float64Array(pool.length);
      const used = new Uint8Array(pool.length);
      for (let n = 0; n < Math.min(k, pool.length); n++) {
        let best = -1;
        let bestValue = Number.NEGATIVE_INFINITY;
        pool.forEach((c, i) => {
          if (used[i]) return;
          const v = p.lambda * (c.score / top) - (1 - p.lambda) * maxSim[i];
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

/**
 * Per-topic cap: walks the list best first and moves an item whose topic already has
 * `maxPerTopic` items in the first k behind the others, so the top k spans more topics while
 * the list still fills when the candidates are all of one topic.
 */
export function topicCap(p: DiversityParams): Rule {
  return {
    name: 'topic-cap',
    apply: (list, { items, k }) => {
      if (p.maxPerTopic <= 0) return [...list];
      const counts = new Map<number, number>();
      const head = [];
      const tail = [];
      for (const c of list) {
        const topic = items.topic[c.item];
        const n = counts.get(topic) ?? 0;
        if (head.length < k && n < p.maxPerTopic) {
          head.push(c);
          counts.set(topic, n + 1);
        } else {
          tail.push(c);
        }
      }
      return [...head, ...tail];
    },
  };
}
