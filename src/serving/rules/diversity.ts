import type { Rule } from './rule.ts';

export interface DiversityParams {
  /** Most items of one topic in the top k; 0 disables the cap. */
  maxPerTopic: number;
}

/**
 * Per-topic cap: walks the list best first and moves an item whose topic already has
 * `maxPerTopic` items in the first k behind the others, so the top k spans more topics while
 * the list still fills when the candidates are all of one topic.
 */
export function topicCap(p: DiversityParams): Rule {
  return (list, { items, k }) => {
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
  };
}
