import { itemAgeDays } from '../../features/item-table.ts';
import type { Rule } from './rule.ts';

/** Contextual post-filters given with one request. Topics are vocabulary indices. */
export interface RequestFilters {
  topics?: Set<number>;
  excludeTopics?: Set<number>;
  maxAgeDays?: number;
}

export function hasFilters(f: RequestFilters): boolean {
  return f.topics !== undefined || f.excludeTopics !== undefined || f.maxAgeDays !== undefined;
}

/** Keeps only items matching the request's topic and age filters. */
export function requestFilter(f: RequestFilters): Rule {
  return {
    name: 'request-filter',
    why: 'excluded by the request filters',
    apply: (list, { items, now }) =>
      list.filter((c) => {
        const t = items.topic[c.item];
        if (f.topics && !f.topics.has(t)) return false;
        if (f.excludeTopics?.has(t)) return false;
        if (f.maxAgeDays !== undefined && itemAgeDays(items, c.item, now) > f.maxAgeDays) return false;
        return true;
      }),
  };
}
