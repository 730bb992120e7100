import type { BundleItems, BundleUser } from '../bundle/contents.ts';
import type { Timeline } from '../data/interactions.ts';
import type { Item, SearchEvent, User } from '../data/types.ts';
import type { ItemTable } from '../features/item-table.ts';
import { latestSearches } from '../features/search-history.ts';
import type { FeatureSpec } from '../features/spec.ts';

/** What the query tower reads of searches: the bundle keeps each user's latest `length` tokens. */
export interface SnapshotSearches {
  events: readonly SearchEvent[];
  buckets: number;
  length: number;
}

/**
 * `users.json`: every known user with the history serving starts from (their watches and
 * dislikes in item ids, and with `searches` their latest searches), then the users seen only in
 * events, then (with `searches`) those seen only searching.
 */
export function bundleUsers(
  spec: FeatureSpec,
  users: readonly User[],
  timelines: ReadonlyMap<string, Timeline>,
  searches?: SnapshotSearches,
): BundleUser[] {
  const typed = searchesByUser(searches);
  const state = (userId: string, tl: Timeline | undefined) => {
    const mine = typed.get(userId);
    const kept = mine && searches ? latestSearches(mine, searches.buckets, searches.length) : [];
    return {
      watched: tl?.watches.map((w) => [spec.items.ids[w.item], w.time] as [string, number]) ?? [],
      disliked: tl ? [...tl.disliked].map((i) => spec.items.ids[i]) : [],
      ...(kept.length > 0 ? { searches: kept.map((s) => [s.query, s.timestamp] as [string, number]) } : {}),
    };
  };
  const out: BundleUser[] = users.map((u) => ({ ...u, ...state(u.userId, timelines.get(u.userId)) }));
  const known = new Set(users.map((u) => u.userId));
  for (const tl of timelines.values()) {
    if (known.has(tl.userId)) continue;
    out.push({ userId: tl.userId, ...state(tl.userId, tl) });
    known.add(tl.userId);
  }
  for (const userId of typed.keys()) {
    const u = known.has(userId) ? undefined : { userId, ...state(userId, undefined) };
    if (u?.searches) out.push(u);
  }
  return out;
}

/** The snapshot's searches for a model with the search input; none without it (serving reads none). */
export function snapshotSearches(
  events: readonly SearchEvent[] | undefined,
  config: { searchBuckets?: number; searchLength?: number },
): SnapshotSearches | undefined {
  const buckets = config.searchBuckets ?? 0;
  const length = config.searchLength ?? 0;
  return events?.length && buckets > 0 && length > 0 ? { events, buckets, length } : undefined;
}

function searchesByUser(searches: SnapshotSearches | undefined): Map<string, SearchEvent[]> {
  const out = new Map<string, SearchEvent[]>();
  if (!searches || searches.buckets <= 0 || searches.length <= 0) return out;
  for (const s of searches.events) {
    const list = out.get(s.userId) ?? [];
    list.push(s);
    out.set(s.userId, list);
  }
  return out;
}

/** `items.json`: the catalogue with its training popularity (all time and last week). */
export function bundleItems(
  spec: FeatureSpec,
  items: Item[],
  counts: Float64Array,
  itemTable: ItemTable,
): BundleItems {
  const at = (it: Item) => spec.items.index.get(it.itemId) ?? 0;
  return {
    items,
    watches: items.map((it) => counts[at(it)]),
    recentWatches: items.map((it) => itemTable.recentWatches[at(it)]),
  };
}
