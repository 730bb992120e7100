import { type Item, isSearch, type RecoEvent, type SearchEvent, type StoredEvent } from '../data/types.ts';
import type { AppendResult, EventStore } from './store.ts';

/** An in-memory EventStore with the SQLite store's semantics, for tests and benchmarks. */
export function createMemoryStore(): EventStore {
  const events: StoredEvent[] = [];
  const ids = new Set<string>();
  const catalogue = new Map<string, Item>();
  const byTime = <E extends StoredEvent>(list: E[]) =>
    list
      .map((e, i) => [e, i] as const)
      .sort((a, b) => a[0].timestamp - b[0].timestamp || a[1] - b[1])
      .map(([e]) => e);
  const items = () => events.filter((e): e is RecoEvent => !isSearch(e));
  const searches = () => events.filter((e): e is SearchEvent => isSearch(e));
  return {
    kind: 'memory',
    async append(batch): Promise<AppendResult> {
      const fresh: StoredEvent[] = [];
      const seen = new Set<string>();
      for (const e of batch) {
        if (e.eventId !== undefined && (ids.has(e.eventId) || seen.has(e.eventId))) continue;
        if (e.eventId !== undefined) seen.add(e.eventId);
        fresh.push(structuredClone(e));
      }
      for (const e of fresh) {
        events.push(e);
        if (e.eventId !== undefined) ids.add(e.eventId);
      }
      return { accepted: fresh.length, duplicates: batch.length - fresh.length };
    },
    byUser: async (userId) => byTime(items().filter((e) => e.userId === userId)),
    async *all() {
      yield* byTime(items());
    },
    searchesByUser: async (userId) => byTime(searches().filter((e) => e.userId === userId)),
    async *searches() {
      yield* byTime(searches());
    },
    count: async () => events.length,
    async putItems(items) {
      const copies = items.map((it) => structuredClone(it));
      for (const it of copies) catalogue.set(it.itemId, it);
      return { stored: new Set(items.map((it) => it.itemId)).size };
    },
    items: async () => [...catalogue.values()].map((it) => structuredClone(it)),
    // Map iteration is insertion order and upserts keep an entry's place: position is the cursor.
    async itemsSince(cursor) {
      const all = [...catalogue.values()];
      return { items: all.slice(cursor).map((it) => structuredClone(it)), cursor: all.length };
    },
    async close() {},
  };
}
