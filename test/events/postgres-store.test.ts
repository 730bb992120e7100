import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { StoreUnavailableError } from '../../src/errors.ts';
import { openPostgresStore } from '../../src/events/postgres-store.ts';
import { serviceUrl } from '../helpers/services.ts';
import { eventStoreContract } from './store.contract.ts';

const { url, skip } = serviceUrl('RECO_TEST_DATABASE_URL');

/** A store over an empty table (the suite's tests run one after another). */
async function fresh() {
  const store = await openPostgresStore(url);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query('TRUNCATE reco_events, reco_items, reco_erased_users, reco_item_flags');
  await c.end();
  return store;
}

eventStoreContract('postgres', fresh, { skip });

test('postgres: two stores on one database (two replicas) share events and idempotency', {
  skip,
}, async () => {
  const a = await fresh();
  const b = await openPostgresStore(url);
  try {
    await a.append([{ userId: 'r', itemId: 'i1', type: 'watch', timestamp: 1, eventId: 'x1' }]);
    assert.deepEqual(
      await b.append([{ userId: 'r', itemId: 'i1', type: 'watch', timestamp: 1, eventId: 'x1' }]),
      {
        accepted: 0,
        duplicates: 1,
      },
    );
    assert.equal((await b.byUser('r')).length, 1);
  } finally {
    await a.close();
    await b.close();
  }
});

test('postgres: an unreachable server is a StoreUnavailableError (503), not a crash', async () => {
  await assert.rejects(openPostgresStore('postgres://reco:reco@127.0.0.1:1/none'), StoreUnavailableError);
});

test('postgres: a version-1 table (before searches) gains the query column and keeps its events', {
  skip,
}, async () => {
  // A schema of its own, so the migration is seen from version 1 whatever the other tests left.
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`DROP SCHEMA IF EXISTS reco_v1 CASCADE; CREATE SCHEMA reco_v1;
      CREATE TABLE reco_v1.reco_schema (version INTEGER NOT NULL);
      INSERT INTO reco_v1.reco_schema VALUES (1);
      CREATE TABLE reco_v1.reco_events (seq BIGSERIAL PRIMARY KEY, event_id TEXT UNIQUE,
        user_id TEXT NOT NULL, item_id TEXT NOT NULL, type TEXT NOT NULL,
        watch_time DOUBLE PRECISION, ts BIGINT NOT NULL, context JSONB, received_at BIGINT NOT NULL);
      INSERT INTO reco_v1.reco_events (user_id, item_id, type, ts, received_at) VALUES ('u', 'i', 'watch', 5, 0);`);
    const sep = url.includes('?') ? '&' : '?';
    const store = await openPostgresStore(
      `${url}${sep}options=${encodeURIComponent('-c search_path=reco_v1')}`,
    );
    try {
      await store.append([{ userId: 'u', type: 'search', query: 'noir', timestamp: 7 }]);
      assert.deepEqual(await store.byUser('u'), [{ userId: 'u', itemId: 'i', type: 'watch', timestamp: 5 }]);
      assert.deepEqual(await store.searchesByUser('u'), [
        { userId: 'u', type: 'search', query: 'noir', timestamp: 7 },
      ]);
    } finally {
      await store.close();
    }
    const { rows } = await c.query('SELECT version FROM reco_v1.reco_schema');
    assert.deepEqual(rows, [{ version: 3 }]);
  } finally {
    await c.query('DROP SCHEMA IF EXISTS reco_v1 CASCADE');
    await c.end();
  }
});

test('postgres: a version-2 table gains the list columns, erasures and item flags in place', {
  skip,
}, async () => {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`DROP SCHEMA IF EXISTS reco_v2 CASCADE; CREATE SCHEMA reco_v2;
      CREATE TABLE reco_v2.reco_schema (version INTEGER NOT NULL);
      INSERT INTO reco_v2.reco_schema VALUES (2);
      CREATE TABLE reco_v2.reco_events (seq BIGSERIAL PRIMARY KEY, event_id TEXT UNIQUE,
        user_id TEXT NOT NULL, item_id TEXT NOT NULL, type TEXT NOT NULL,
        watch_time DOUBLE PRECISION, ts BIGINT NOT NULL, context JSONB, received_at BIGINT NOT NULL, query TEXT);
      INSERT INTO reco_v2.reco_events (user_id, item_id, type, ts, received_at) VALUES ('u', 'i', 'watch', 5, 0);`);
    const sep = url.includes('?') ? '&' : '?';
    const store = await openPostgresStore(
      `${url}${sep}options=${encodeURIComponent('-c search_path=reco_v2')}`,
    );
    try {
      const shown = { userId: 'u', itemId: 'j', type: 'impression' as const, timestamp: 6 };
      await store.append([{ ...shown, recommendationId: 'r1', position: 3 }]);
      assert.deepEqual(await store.byUser('u'), [
        { userId: 'u', itemId: 'i', type: 'watch', timestamp: 5 },
        { ...shown, recommendationId: 'r1', position: 3 },
      ]);
      await store.eraseUser('gone', 1);
      assert.equal(await store.erasedAt('gone'), 1);
    } finally {
      await store.close();
    }
    const { rows } = await c.query('SELECT version FROM reco_v2.reco_schema');
    assert.deepEqual(rows, [{ version: 3 }]);
  } finally {
    await c.query('DROP SCHEMA IF EXISTS reco_v2 CASCADE');
    await c.end();
  }
});
