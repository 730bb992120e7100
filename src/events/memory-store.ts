import { type Item, isSearch, type RecoEvent, type SearchEvent, type StoredEvent } from '../data/types.ts';
import type { AppendResult, EventKey, EventStore, ItemFlags } from './store.ts';

/** A stored event with its insertion sequence (the SQL stores' `seq`). */
type Entry = { seq: number; event: StoredEvent };

const before = (a: EventKey, b: EventKey) => a.ts < b.ts || (a.ts === b.ts && a.seq < b.seq);
const keyOf = (x: Entry): EventKey => ({ ts: x.event.timestamp, seq: x.seq });

/** An in-memory EventStore with the SQLite store's semantics, for tests and benchmarks. */
export function createMemoryStore(): EventStore {
  let entries: Entry[] = [];
  let nextSeq = 1;
  const ids = new Set<string>();
  // Insertion order is the cursor: an item whose content changes moves to the end.
  const catalogue = new Map<string, { seq: number; item: Item }>();
  let itemSeq = 0;
  const erased = new Map<string, number>();
  const flags = new Map<string, ItemFlags>();
  const byTime = (list: Entry[]) =>
    [...list].sort((a, b) => a.event.timestamp - b.event.timestamp || a.seq - b.seq);
  const items = (list = entries) =>
    byTime(list.filter((x) => !isSearch(x.event))).map((x) => structuredClone(x.event) as RecoEvent);
  const searches = (list = entries) =>
    byTime(list.filter((x) => isSearch(x.event))).map((x) => structuredClone(x.event) as SearchEvent);
  const ofUser = (userId: string) => entries.filter((x) => x.event.userId === userId);
  // A deleted event's id goes with it, as a deleted row's unique key does in the SQL stores.
  const drop = (doomed: (x: Entry) => boolean) => {
    const gone = entries.filter(doomed);
    entries = entries.filter((x) => !doomed(x));
    for (const x of gone) if (x.event.eventId !== undefined) ids.delete(x.event.eventId);
    return gone;
  };
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
        entries.push({ seq: nextSeq++, event: e });
        if (e.eventId !== undefined) ids.add(e.eventId);
      }
      return { accepted: fresh.length, duplicates: batch.length - fresh.length };
    },
    byUser: async (userId, limit) => {
      const all = items(ofUser(userId));
      return limit === undefined ? all : all.slice(Math.max(0, all.length - limit));
    },
    async *all() {
      yield* items();
    },
    searchesByUser: async (userId) => searches(ofUser(userId)),
    async *searches() {
      yield* searches();
    },
    count: async () => entries.length,
    async putItems(items) {
      const copies = items.map((it) => structuredClone(it));
      // As PostgreSQL's one statement: an item's first place in the batch, its last value.
      for (const it of new Map(copies.map((x) => [x.itemId, x])).values()) {
        const had = catalogue.get(it.itemId);
        if (had && JSON.stringify(had.item) === JSON.stringify(it)) continue;
        catalogue.delete(it.itemId);
        catalogue.set(it.itemId, { seq: ++itemSeq, item: it });
      }
      return { stored: new Set(items.map((it) => it.itemId)).size };
    },
    items: async () => [...catalogue.values()].map((x) => structuredClone(x.item)),
    async itemsSince(cursor) {
      const after = [...catalogue.values()].filter((x) => x.seq > cursor);
      return { items: after.map((x) => structuredClone(x.item)), cursor: after.at(-1)?.seq ?? cursor };
    },
    async userEvents(userId, q) {
      const mine = byTime(ofUser(userId))
        .reverse()
        .filter((x) => (!q.type || x.event.type === q.type) && (!q.before || before(keyOf(x), q.before)));
      return mine.slice(0, q.limit).map((x) => ({ key: keyOf(x), event: structuredClone(x.event) }));
    },
    async eraseUser(userId, at) {
      const events = drop((x) => x.event.userId === userId).length;
      erased.set(userId, at);
      return { events };
    },
    erasedUsers: async () => new Map(erased),
    erasedAt: async (userId) => erased.get(userId),
    async setItemFlags(itemId, f) {
      if (f.hidden || f.retired) flags.set(itemId, { ...f });
      else flags.delete(itemId);
    },
    itemFlags: async () => new Map([...flags].map(([k, v]) => [k, { ...v }])),
    async prune(q) {
      const doomed = new Set(
        byTime(entries)
          .filter((x) => x.event.timestamp < q.cutoff && (!q.types || q.types.includes(x.event.type)))
          .slice(0, q.limit),
      );
      return drop((x) => doomed.has(x)).length;
    },
    async close() {},
  };
}
