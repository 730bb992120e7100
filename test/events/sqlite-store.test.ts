import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/events/sqlite-store.ts';
import { eventStoreContract } from './store.contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'reco-sqlite-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

eventStoreContract('sqlite', async () => openSqliteStore(join(dir, `contract-${++n}`, 'events.sqlite')));

test('sqlite: events survive close and reopen; WAL and synchronous=FULL are on', async () => {
  const path = join(dir, 'persist', 'events.sqlite');
  const s = openSqliteStore(path);
  await s.append([{ userId: 'u', itemId: 'i', type: 'watch', timestamp: 5, eventId: 'x' }]);
  await s.close();
  const again = openSqliteStore(path);
  assert.equal(await again.count(), 1);
  assert.deepEqual(
    await again.append([{ userId: 'u', itemId: 'i', type: 'watch', timestamp: 5, eventId: 'x' }]),
    {
      accepted: 0,
      duplicates: 1,
    },
  );
  await again.close();
  const db = new Database(path, { readonly: true });
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  db.close();
});

test('sqlite: a store written by a newer reco is refused with STORE_SCHEMA_NEWER', () => {
  const path = join(dir, 'newer.sqlite');
  const db = new Database(path);
  db.pragma('user_version = 99');
  db.close();
  assert.throws(() => openSqliteStore(path), {
    name: 'RecoError',
    code: 'STORE_SCHEMA_NEWER',
    message: /newer\.sqlite: event store schema 99 is newer than this reco's \(3\)/,
  });
});

test('sqlite: a version-1 store (before searches) is migrated in place and keeps its events', async () => {
  const path = join(dir, 'v1.sqlite');
  const db = new Database(path);
  db.exec(`CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT UNIQUE,
    user_id TEXT NOT NULL, item_id TEXT NOT NULL, type TEXT NOT NULL, watch_time REAL,
    ts INTEGER NOT NULL, context TEXT, received_at INTEGER NOT NULL)`);
  db.prepare('INSERT INTO events (user_id, item_id, type, ts, received_at) VALUES (?, ?, ?, ?, ?)').run(
    'u',
    'i',
    'watch',
    5,
    0,
  );
  db.pragma('user_version = 1');
  db.close();
  const s = openSqliteStore(path);
  await s.append([{ userId: 'u', type: 'search', query: 'noir', timestamp: 7 }]);
  assert.deepEqual(await s.byUser('u'), [{ userId: 'u', itemId: 'i', type: 'watch', timestamp: 5 }]);
  assert.deepEqual(await s.searchesByUser('u'), [
    { userId: 'u', type: 'search', query: 'noir', timestamp: 7 },
  ]);
  await s.close();
  const raw = new Database(path, { readonly: true });
  assert.equal(raw.pragma('user_version', { simple: true }), 3);
  raw.close();
  // Opening again does not try to add the column twice.
  await openSqliteStore(path).close();
});

test('sqlite: a version-2 store gains the list columns, erasures and item flags in place', async () => {
  const path = join(dir, 'v2.sqlite');
  const db = new Database(path);
  db.exec(`CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT UNIQUE,
    user_id TEXT NOT NULL, item_id TEXT NOT NULL, type TEXT NOT NULL, watch_time REAL,
    ts INTEGER NOT NULL, context TEXT, received_at INTEGER NOT NULL, query TEXT)`);
  db.prepare('INSERT INTO events (user_id, item_id, type, ts, received_at) VALUES (?, ?, ?, ?, ?)').run(
    'u',
    'i',
    'watch',
    5,
    0,
  );
  db.pragma('user_version = 2');
  db.close();
  const s = openSqliteStore(path);
  await s.append([
    { userId: 'u', itemId: 'j', type: 'impression', timestamp: 6, recommendationId: 'r1', position: 3 },
  ]);
  assert.deepEqual(await s.byUser('u'), [
    { userId: 'u', itemId: 'i', type: 'watch', timestamp: 5 },
    { userId: 'u', itemId: 'j', type: 'impression', timestamp: 6, recommendationId: 'r1', position: 3 },
  ]);
  await s.eraseUser('gone', 1);
  await s.setItemFlags('i', { hidden: true, retired: false });
  await s.close();
  const again = openSqliteStore(path);
  assert.equal(await again.erasedAt('gone'), 1, 'erasures survive a restart');
  assert.equal((await again.itemFlags()).get('i')?.hidden, true);
  await again.close();
  const raw = new Database(path, { readonly: true });
  assert.equal(raw.pragma('user_version', { simple: true }), 3);
  raw.close();
});
