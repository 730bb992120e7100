import { itemAgeDays } from '../../features/item-table.ts';
import { filterRule, type Rule } from './rule.ts';

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
  return filterRule('request-filter', 'excluded by the request filters', (item, { items, now }) => {
    const t = items.topic[item];
    if (f.topics && !f.topics.has(t)) return false;
    if (f.excludeTopics?.has(t)) return false;
    if (f.maxAgeDays !== undefined && itemAgeDays(items, item, now) > f.maxAgeDays) return false;
    return true;
  });
}
