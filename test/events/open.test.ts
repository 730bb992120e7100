import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isPostgresUrl, openEventStore, redactLocation, storeLocation } from '../../src/events/open.ts';
import { tempDir } from '../helpers/temp-dir.ts';

test('postgres:// and postgresql:// URLs are PostgreSQL; anything else is a SQLite path', () => {
  assert.equal(isPostgresUrl('postgres://u:p@db/reco'), true);
  assert.equal(isPostgresUrl('postgresql://db/reco'), true);
  assert.equal(isPostgresUrl('data/reco.db'), false);
  assert.equal(isPostgresUrl('/var/postgres://x'), false, 'only at the start');
  assert.equal(isPostgresUrl('postgres:/db'), false);
  assert.equal(isPostgresUrl('mysql://db'), false);
});

test('the store location is the database URL when set, else the SQLite file', () => {
  assert.equal(storeLocation({ databaseUrl: 'postgres://db/r', dbPath: 'x.db' }), 'postgres://db/r');
  assert.equal(storeLocation({ databaseUrl: '', dbPath: 'x.db' }), 'x.db');
});

test('a password in a URL is replaced for logs; the rest is kept', () => {
  assert.equal(redactLocation('postgres://reco:s3cr:et@db:5432/reco'), 'postgres://reco:***@db:5432/reco');
  assert.equal(
    redactLocation('postgresql://reco:p%40ss@db/reco?ssl=1'),
    'postgresql://reco:***@db/reco?ssl=1',
  );
  assert.equal(redactLocation('postgres://reco@db/reco'), 'postgres://reco@db/reco', 'no password');
  assert.equal(redactLocation('postgres://db/reco'), 'postgres://db/reco');
  assert.equal(redactLocation('data/events.db'), 'data/events.db');
});

test('a path opens a SQLite store there', async () => {
  const path = join(tempDir('reco-open-'), 'events.db');
  const store = await openEventStore(path);
  try {
    assert.equal(store.kind, 'sqlite');
    await store.append([{ userId: 'u', itemId: 'i', type: 'watch', timestamp: 1 }]);
    assert.equal(await store.count(), 1);
    assert.ok(existsSync(path));
  } finally {
    await store.close();
  }
});
