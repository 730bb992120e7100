import type { LoadedBundle } from '../bundle/read.ts';
import type { UserIndex } from '../candidates/user-index.ts';
import { lookup } from '../data/vocab.ts';
import type { EventStore, ItemFlags } from '../events/store.ts';

/**
 * Marks the bundle's hidden and retired items (the item table's `hidden`, read by the `hidden`
 * rule and related items): replaced whole, so unhiding is setting the flags without the item.
 * Returns the ids of every flagged item, known to the bundle or not (pins check those).
 */
export function markHidden(b: LoadedBundle, flags: ReadonlyMap<string, ItemFlags>): Set<string> {
  const hidden = new Uint8Array(b.spec.items.ids.length);
  const ids = new Set<string>();
  let any = false;
  for (const [id, f] of flags) {
    if (!f.hidden && !f.retired) continue;
    ids.add(id);
    const i = lookup(b.spec.items, id);
    if (i === 0) continue;
    hidden[i] = 1;
    any = true;
  }
  b.itemTable.hidden = any ? hidden : undefined;
  return ids;
}

/**
 * Forgets erased users in what a served bundle holds of them in memory: its snapshot of them
 * (users.json, so their next state is a cold start) and their closest-users entry.
 */
export function forgetUsers(
  b: Pick<LoadedBundle, 'users'> | undefined,
  index: Pick<UserIndex, 'remove'> | undefined,
  userIds: Iterable<string>,
): void {
  for (const u of userIds) {
    b?.users.delete(u);
    index?.remove(u);
  }
}

/** What every replica reads from the store to serve erasures and flags made on any of them. */
export interface ServedData {
  erased: ReadonlyMap<string, number>;
  flags: ReadonlyMap<string, ItemFlags>;
}

export async function readServedData(
  store: Pick<EventStore, 'erasedUsers' | 'itemFlags'>,
): Promise<ServedData> {
  const [erased, flags] = await Promise.all([store.erasedUsers(), store.itemFlags()]);
  return { erased, flags };
}

/**
 * Applies the store's erasures and flags to a served bundle (at install, before its user index
 * is seeded, and at every poll for those made on other replicas): idempotent.
 */
export function applyServedData(
  b: LoadedBundle | undefined,
  index: Pick<UserIndex, 'remove'> | undefined,
  pins: { hidden: ReadonlySet<string> },
  data: ServedData,
): void {
  if (!b) return;
  forgetUsers(b, index, data.erased.keys());
  pins.hidden = markHidden(b, data.flags);
}
