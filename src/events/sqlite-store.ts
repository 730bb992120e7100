import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Item, StoredEvent } from '../data/types.ts';
import { recoError } from '../errors.ts';
import { eventTarget, type EventRow as Row, rowToSearch, rowToEvent as toEvent } from './row.ts';
import type { AppendResult, EventStore } from './store.ts';

/** 2: the `query` column (searches). */
const SCHEMA_VERSION = 2;

/** The database, WAL-journalled and fsync'd on commit; refused when a newer reco wrote its schema. */
function openDatabase(path: string): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw recoError('STORE_SCHEMA_NEWER', { store: path, found: version, supported: SCHEMA_VERSION });
  }
  return db;
}

/** Creates the tables (if absent), migrates an older schema and stamps the version. */
function createSchema(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  const hasEvents = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").get();
  // Version 1 had no searches: a nullable column is all they need (rows of before read NULL).
  if (hasEvents && version < 2) db.exec('ALTER TABLE events ADD COLUMN query TEXT');
  db.exec(`
    CREATE TABLE IF NOT EXISTS events (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      event_id TEXT UNIQUE,
      user_id TEXT NOT NULL,
      item_id TEXT NOT NULL,
      type TEXT NOT NULL,
      watch_time REAL,
      ts INTEGER NOT NULL,
      context TEXT,
      received_at INTEGER NOT NULL,
      query TEXT
    );
    CREATE INDEX IF NOT EXISTS events_user ON events (user_id, ts, seq);
    CREATE TABLE IF NOT EXISTS items (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      item_id TEXT NOT NULL UNIQUE,
      body TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    );
  `);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
}

/** A batch of events in one transaction: each stored unless its `eventId` already is. */
function appendTransaction(db: Database.Database) {
  const insert = db.prepare(
    `INSERT INTO events (event_id, user_id, item_id, type, watch_time, ts, context, received_at, query)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(event_id) DO NOTHING`,
  );
  return db.transaction((events: readonly StoredEvent[]): AppendResult => {
    const now = Date.now();
    let accepted = 0;
    for (const e of events) {
      const t = eventTarget(e);
      const r = insert.run(
        e.eventId ?? null,
        e.userId,
        t.itemId,
        e.type,
        t.watchTime,
        e.timestamp,
        e.context ? JSON.stringify(e.context) : null,
        now,
        t.query,
      );
      accepted += r.changes;
    }
    return { accepted, duplicates: events.length - accepted };
  });
}

/** A batch of catalogue items in one transaction, each replacing the item's earlier record. */
function putItemsTransaction(db: Database.Database) {
  const upsertItem = db.prepare(
    `INSERT INTO items (item_id, body, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(item_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
  );
  return db.transaction((items: readonly Item[]) => {
    const now = Date.now();
    for (const it of items) upsertItem.run(it.itemId, JSON.stringify(it), now);
    return { stored: new Set(items.map((it) => it.itemId)).size };
  });
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
  const byUser = db.prepare("SELECT * FROM events WHERE user_id = ? AND type <> 'search' ORDER BY ts, seq");
  const all = db.prepare("SELECT * FROM events WHERE type <> 'search' ORDER BY ts, seq");
  const searchesOf = db.prepare(
    "SELECT * FROM events WHERE user_id = ? AND type = 'search' ORDER BY ts, seq",
  );
  const searches = db.prepare("SELECT * FROM events WHERE type = 'search' ORDER BY ts, seq");
  const count = db.prepare('SELECT COUNT(*) AS n FROM events');
  const putItemsTx = putItemsTransaction(db);
  const allItems = db.prepare('SELECT body FROM items ORDER BY seq');
  const itemsAfter = db.prepare('SELECT seq, body FROM items WHERE seq > ? ORDER BY seq');
  return {
    kind: 'sqlite',
    // better-sqlite3 is synchronous: the promise resolves after the fsync'd commit.
    append: async (events) => appendTx(events),
    byUser: async (userId) => (byUser.all(userId) as Row[]).map(toEvent),
    async *all() {
      for (const r of all.iterate() as Iterable<Row>) yield toEvent(r);
    },
    searchesByUser: async (userId) => (searchesOf.all(userId) as Row[]).map(rowToSearch),
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
    close: async () => {
      db.close();
    },
  };
}
