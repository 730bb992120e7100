import type { BundleItems, BundleUser } from '../bundle/contents.ts';
import type { Timeline } from '../data/interactions.ts';
import type { Item, User } from '../data/types.ts';
import type { ItemTable } from '../features/item-table.ts';
import type { FeatureSpec } from '../features/spec.ts';

/**
 * `users.json`: every known user with the history serving starts from (their watches and
 * dislikes in item ids), then the users seen only in events.
 */
export function bundleUsers(
  spec: FeatureSpec,
  users: readonly User[],
  timelines: ReadonlyMap<string, Timeline>,
): BundleUser[] {
  const state = (tl: Timeline | undefined) => ({
    watched: tl?.watches.map((w) => [spec.items.ids[w.item], w.time] as [string, number]) ?? [],
    disliked: tl ? [...tl.disliked].map((i) => spec.items.ids[i]) : [],
  });
  const out: BundleUser[] = users.map((u) => ({ ...u, ...state(timelines.get(u.userId)) }));
  const known = new Set(users.map((u) => u.userId));
  for (const tl of timelines.values())
    if (!known.has(tl.userId)) out.push({ userId: tl.userId, ...state(tl) });
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
