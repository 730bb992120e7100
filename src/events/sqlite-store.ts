import type Database from 'better-sqlite3';
import type { Item, StoredEvent } from '../data/types.ts';
import { type EventRow, eventTarget, rowToSearch, rowToStored, rowToEvent as toEvent } from './row.ts';
import { createSchema, openDatabase } from './sqlite-schema.ts';
import type { AppendResult, EventStore, ItemFlags, PruneQuery } from './store.ts';

type Row = EventRow & { seq: number };

/** A key after every stored one: the first page of a user's events starts here. */
const END = Number.MAX_SAFE_INTEGER;

/** A batch of events in one transaction: each stored unless its `eventId` already is. */
function appendTransaction(db: Database.Database) {
  const insert = db.prepare(
    `INSERT INTO events (event_id, user_id, item_id, type, watch_time, ts, context, received_at, query,
       recommendation_id, position)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(event_id) DO NOTHING`,
  );
  return db.transaction((events: readonly StoredEvent[]): AppendResult => {
    const now = Date.now();
    let accepted = 0;
    for (const e of events) {
      const t = eventTarget(e);
      const context = e.context ? JSON.stringify(e.context) : null;
      const r = insert.run(
        e.eventId ?? null,
        e.userId,
        t.itemId,
        e.type,
        t.watchTime,
        e.timestamp,
        context,
        now,
        t.query,
        t.recommendationId,
        t.position,
      );
      accepted += r.changes;
    }
    return { accepted, duplicates: events.length - accepted };
  });
}

/** A batch of catalogue items in one transaction, each replacing the item's earlier record. */
function putItemsTransaction(db: Database.Database) {
  // A changed item is stored again under a new seq, so other processes' itemsSince sees the
  // edit; stored again unchanged, it keeps its row.
  const dropChanged = db.prepare('DELETE FROM items WHERE item_id = ? AND body <> ?');
  const insertItem = db.prepare(
    'INSERT INTO items (item_id, body, updated_at) VALUES (?, ?, ?) ON CONFLICT(item_id) DO NOTHING',
  );
  return db.transaction((items: readonly Item[]) => {
    const now = Date.now();
    // As PostgreSQL's one statement: an item's first place in the batch, its last value.
    for (const it of new Map(items.map((x) => [x.itemId, x])).values()) {
      const body = JSON.stringify(it);
      dropChanged.run(it.itemId, body);
      insertItem.run(it.itemId, body, now);
    }
    return { stored: new Set(items.map((it) => it.itemId)).size };
  });
}

/** Erasing a user: their rows go and the erasure is recorded, in one transaction. */
function eraseTransaction(db: Database.Database) {
  const del = db.prepare('DELETE FROM events WHERE user_id = ?');
  const mark = db.prepare(
    `INSERT INTO erased_users (user_id, erased_at) VALUES (?, ?)
     ON CONFLICT(user_id) DO UPDATE SET erased_at = excluded.erased_at`,
  );
  return db.transaction((userId: string, at: number) => {
    const { changes } = del.run(userId);
    mark.run(userId, at);
    return { events: changes };
  });
}

/** The flags' statements: an item with no flag left has no row. */
function flagStatements(db: Database.Database) {
  const set = db.prepare(
    `INSERT INTO item_flags (item_id, hidden, retired) VALUES (?, ?, ?)
     ON CONFLICT(item_id) DO UPDATE SET hidden = excluded.hidden, retired = excluded.retired`,
  );
  const clear = db.prepare('DELETE FROM item_flags WHERE item_id = ?');
  const all = db.prepare('SELECT item_id, hidden, retired FROM item_flags');
  return {
    set: (itemId: string, f: ItemFlags) =>
      f.hidden || f.retired ? set.run(itemId, Number(f.hidden), Number(f.retired)) : clear.run(itemId),
    all: () =>
      new Map(
        (all.all() as { item_id: string; hidden: number; retired: number }[]).map((r) => [
          r.item_id,
          { hidden: r.hidden === 1, retired: r.retired === 1 },
        ]),
      ),
  };
}

/** Deleting old events in small batches, oldest first, by the time index; one statement per type list. */
function pruner(db: Database.Database) {
  const statements = new Map<string, Database.Statement>();
  return (q: PruneQuery): number => {
    const types = q.types ?? [];
    const key = types.join(',');
    let st = statements.get(key);
    if (!st) {
      const only = types.length ? `AND type IN (${types.map(() => '?').join(', ')})` : '';
      st = db.prepare(
        `DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE ts < ? ${only} ORDER BY ts, seq LIMIT ?)`,
      );
      statements.set(key, st);
    }
    return st.run(q.cutoff, ...types, q.limit).changes;
  };
}

/** The read statements of one user: latest item events, pages of everything, searches. */
function userStatements(db: Database.Database) {
  const latest = db.prepare(
    `SELECT * FROM (SELECT * FROM events WHERE user_id = ? AND type <> 'search'
       ORDER BY ts DESC, seq DESC LIMIT ?) ORDER BY ts, seq`,
  );
  const page = db.prepare(
    `SELECT * FROM events WHERE user_id = ? AND (? IS NULL OR type = ?) AND (ts, seq) < (?, ?)
     ORDER BY ts DESC, seq DESC LIMIT ?`,
  );
  const searches = db.prepare("SELECT * FROM events WHERE user_id = ? AND type = 'search' ORDER BY ts, seq");
  const erased = db.prepare('SELECT erased_at FROM erased_users WHERE user_id = ?');
  return { latest, page, searches, erased };
}

/**
 * The embedded event store: better-sqlite3 in WAL mode with `synchronous = FULL`, so a batch
 * is on disk (fsync'd) when `append` returns and survives a crash or power loss. A batch is one
 * transaction: all of it is stored or none. Idempotent on `eventId`.
 */
export function openSqliteStore(path: string): EventStore {
  const db = openDatabase(path);
  createSchema(db);
  const appendTx = appendTransaction(db);
  const user = userStatements(db);
  const all = db.prepare("SELECT * FROM events WHERE type <> 'search' ORDER BY ts, seq");
  const searches = db.prepare("SELECT * FROM events WHERE type = 'search' ORDER BY ts, seq");
  const count = db.prepare('SELECT COUNT(*) AS n FROM events');
  const putItemsTx = putItemsTransaction(db);
  const allItems = db.prepare('SELECT body FROM items ORDER BY seq');
  const itemsAfter = db.prepare('SELECT seq, body FROM items WHERE seq > ? ORDER BY seq');
  const erase = eraseTransaction(db);
  const allErased = db.prepare('SELECT user_id, erased_at FROM erased_users');
  const flags = flagStatements(db);
  const prune = pruner(db);
  return {
    kind: 'sqlite',
    // better-sqlite3 is synchronous: the promise resolves after the fsync'd commit.
    append: async (events) => appendTx(events),
    byUser: async (userId, limit = -1) => (user.latest.all(userId, limit) as Row[]).map(toEvent),
    async *all() {
      for (const r of all.iterate() as Iterable<Row>) yield toEvent(r);
    },
    searchesByUser: async (userId) => (user.searches.all(userId) as Row[]).map(rowToSearch),
    async *searches() {
      for (const r of searches.iterate() as Iterable<Row>) yield rowToSearch(r);
    },
    count: async () => (count.get() as { n: number }).n,
    putItems: async (items) => putItemsTx(items),
    items: async () => (allItems.all() as { body: string }[]).map((r) => JSON.parse(r.body) as Item),
    async itemsSince(cursor) {
      const rows = itemsAfter.all(cursor) as { seq: number; body: string }[];
      return {
        items: rows.map((r) => JSON.parse(r.body) as Item),
        cursor: rows.length ? rows[rows.length - 1].seq : cursor,
      };
    },
    async userEvents(userId, q) {
      const type = q.type ?? null;
      const rows = user.page.all(
        userId,
        type,
        type,
        q.before?.ts ?? END,
        q.before?.seq ?? END,
        q.limit,
      ) as Row[];
      return rows.map((r) => ({ key: { ts: r.ts, seq: r.seq }, event: rowToStored(r) }));
    },
    eraseUser: async (userId, at) => erase(userId, at),
    erasedUsers: async () =>
      new Map(
        (allErased.all() as { user_id: string; erased_at: number }[]).map((r) => [r.user_id, r.erased_at]),
      ),
    erasedAt: async (userId) => (user.erased.get(userId) as { erased_at: number } | undefined)?.erased_at,
    setItemFlags: async (itemId, f) => {
      flags.set(itemId, f);
    },
    itemFlags: async () => flags.all(),
    prune: async (q) => prune(q),
    close: async () => {
      db.close();
    },
  };
}
