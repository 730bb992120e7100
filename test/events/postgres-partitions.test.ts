import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import {
  dropPartitionsBefore,
  isPartitioned,
  monthStart,
  partitionEvents,
  partitionName,
} from '../../src/events/postgres-partitions.ts';
import { openPostgresStore } from '../../src/events/postgres-store.ts';
import { serviceUrl } from '../helpers/services.ts';
import { eventStoreContract } from './store.contract.ts';

const { url, skip } = serviceUrl('RECO_TEST_DATABASE_URL');
// A schema of this run's own: other suites (and other people's runs) use the default one.
const schema = `reco_partitions_${process.pid}`;
const inSchema = (s: string) => {
  const u = new URL(url || 'postgres://x@localhost/x');
  u.searchParams.set('options', `-c search_path=${s}`);
  return u.toString();
};
const JUNE = Date.UTC(2026, 5, 10);
let admin: pg.Client;

before(async () => {
  if (skip) return;
  admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
});
after(async () => {
  if (skip) return;
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
});

test('months: UTC month starts and partition names', () => {
  assert.equal(monthStart(JUNE), Date.UTC(2026, 5, 1));
  assert.equal(monthStart(JUNE, 7), Date.UTC(2027, 0, 1));
  assert.equal(partitionName(Date.UTC(2026, 5, 1)), 'reco_events_y2026m06');
});

test('an existing table is converted in place: rows, ids and idempotency kept, months partitioned', {
  skip,
}, async () => {
  const s = `${schema}_convert`;
  await admin.query(`CREATE SCHEMA ${s}`);
  try {
    const store = await openPostgresStore(inSchema(s));
    const old = Date.UTC(2026, 2, 3);
    await store.append([
      { userId: 'u', itemId: 'a', type: 'watch', timestamp: old, eventId: 'e1', watchTime: 5 },
      { userId: 'u', itemId: 'b', type: 'watch', timestamp: JUNE, eventId: 'e2' },
    ]);
    await store.close();
    const pool = new pg.Pool({ connectionString: inSchema(s) });
    const r = await partitionEvents(pool, JUNE);
    assert.equal(r.rows, 2);
    assert.ok(await isPartitioned(pool));
    // March (the oldest row) to September (three months past "now"), and the default.
    assert.deepEqual(
      r.created,
      ['03', '04', '05', '06', '07', '08', '09'].map((m) => `reco_events_y2026m${m}`),
    );
    const where = await pool.query(
      `SELECT tableoid::regclass::text AS p, event_id FROM reco_events ORDER BY seq`,
    );
    assert.deepEqual(where.rows, [
      { p: 'reco_events_y2026m03', event_id: 'e1' },
      { p: 'reco_events_y2026m06', event_id: 'e2' },
    ]);
    // The store opens on it; a retry is still a duplicate and new rows continue the sequence.
    const again = await openPostgresStore(inSchema(s));
    const res = await again.append([
      { userId: 'u', itemId: 'b', type: 'watch', timestamp: JUNE, eventId: 'e2' },
      { userId: 'u', itemId: 'c', type: 'like', timestamp: JUNE + 1, eventId: 'e3' },
    ]);
    assert.deepEqual(res, { accepted: 1, duplicates: 1 });
    assert.deepEqual(
      (await again.byUser('u')).map((e) => e.itemId),
      ['a', 'b', 'c'],
    );
    await again.close();
    // Retention drops whole months; a second conversion only adds months.
    assert.deepEqual(await dropPartitionsBefore(pool, Date.UTC(2026, 4, 1)), [
      'reco_events_y2026m03',
      'reco_events_y2026m04',
    ]);
    assert.equal((await pool.query('SELECT count(*)::int AS n FROM reco_events')).rows[0].n, 2);
    assert.deepEqual(await partitionEvents(pool, JUNE), { rows: 0, created: [] });
    // An event of a month without a partition lands in the default one instead of failing.
    await pool.query(
      `INSERT INTO reco_events (user_id, item_id, type, ts, received_at) VALUES ('u', 'z', 'watch', 1, 0)`,
    );
    const d = await pool.query(`SELECT count(*)::int AS n FROM reco_events_default`);
    assert.equal(d.rows[0].n, 1);
    await pool.end();
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  }
});

/** A store over an empty partitioned table in the run's schema. */
async function fresh() {
  const pool = new pg.Pool({ connectionString: inSchema(schema) });
  if (await isPartitioned(pool))
    await pool.query('TRUNCATE reco_events, reco_items, reco_erased_users, reco_item_flags');
  else await partitionEvents(pool);
  await pool.end();
  return openPostgresStore(inSchema(schema));
}

eventStoreContract('postgres (partitioned by month)', fresh, { skip });
