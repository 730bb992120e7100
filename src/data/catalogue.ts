import type { Item, RecoEvent } from './types.ts';

/**
 * Adds an item for every id that events mention but the catalogue lacks (items first seen
 * through POST /events, or a store used without a catalogue file), so they can be learnt and
 * recommended. What is unknown about them stays neutral: topic "unknown", no tags, the longest
 * watch time seen as duration, the first event as publish time.
 */
export function completeCatalogue(items: readonly Item[], events: Iterable<RecoEvent>): Item[] {
  const known = new Set(items.map((i) => i.itemId));
  const extra = new Map<string, Item>();
  for (const e of events) {
    if (known.has(e.itemId)) continue;
    const it = extra.get(e.itemId);
    if (!it) {
      extra.set(e.itemId, {
        itemId: e.itemId,
        topic: 'unknown',
        tags: [],
        durationSec: Math.max(1, e.watchTime ?? 1),
        publishedAt: e.timestamp,
      });
    } else if ((e.watchTime ?? 0) > it.durationSec) {
      it.durationSec = e.watchTime!;
    }
  }
  return [...items, ...extra.values()];
}
