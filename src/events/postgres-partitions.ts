import type pg from 'pg';

/**
 * The PostgreSQL events table partitioned by month of `ts` (declarative range partitioning).
 * Why: at 10M events a day the table is a few billion rows a year; one heap and its indexes
 * grow without bound, `prune` (DELETE of old rows) rewrites pages and bloats them, and every
 * scan by time reads the whole index. Monthly partitions keep each index a month deep, turn
 * retention into DROP TABLE of a month (instant, no bloat) and let time-bounded reads (training
 * exports: WHERE ts >= …) skip the other months.
 *
 * The partitioned table has the columns of the plain one; its keys must hold the partition key,
 * so the primary key is (ts, seq) and eventId is unique per (event_id, ts): a retry that repeats
 * its timestamp (clients should send one) is still stored once. Rows whose month has no partition
 * go to a DEFAULT partition rather than fail. The store (postgres-store.ts) creates the coming
 * months' partitions when it opens on a partitioned table and leaves a plain one as it is;
 * {@link partitionEvents} converts a plain table, once, by an operator (docs/scaling.md).
 */

const TABLE = 'reco_events';
/** Partitions created ahead of the current month, so a replica open for weeks never lacks one. */
export const MONTHS_AHEAD = 3;

/** UTC start (epoch ms) of the month `ts` falls in, and of the month `k` months after it. */
export function monthStart(ts: number, k = 0): number {
  const d = new Date(ts);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + k, 1);
}

/** reco_events_y2026m06 for June 2026. */
export function partitionName(start: number): string {
  const d = new Date(start);
  return `${TABLE}_y${d.getUTCFullYear()}m${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The partitioned table's columns, in the order of the table they are copied from. */
const COLUMN_TYPES: [name: string, type: string][] = [
  ['seq', "BIGINT NOT NULL DEFAULT nextval('reco_events_seq_seq')"],
  ['event_id', 'TEXT'],
  ['user_id', 'TEXT NOT NULL'],
  ['item_id', 'TEXT NOT NULL'],
  ['type', 'TEXT NOT NULL'],
  ['watch_time', 'DOUBLE PRECISION'],
  ['ts', 'BIGINT NOT NULL'],
  ['context', 'JSONB'],
  ['received_at', 'BIGINT NOT NULL'],
  ['query', 'TEXT'],
  ['recommendation_id', 'TEXT'],
  ['position', 'INTEGER'],
];
const COLUMNS = COLUMN_TYPES.map(([name, type]) => `${name} ${type}`).join(',\n    ');
const COLUMN_LIST = COLUMN_TYPES.map(([name]) => name).join(', ');

export async function isPartitioned(c: pg.ClientBase | pg.Pool): Promise<boolean> {
  const { rows } = await c.query<{ relkind: string }>(
    `SELECT c.relkind FROM pg_class c WHERE c.oid = to_regclass($1)`,
    [TABLE],
  );
  return rows[0]?.relkind === 'p';
}

/**
 * Creates the monthly partitions from the month of `from` to MONTHS_AHEAD months after `now`
 * (those missing), and the DEFAULT one; returns the names created. A month whose rows already
 * sit in the DEFAULT partition is left there (PostgreSQL refuses the new partition) and named
 * in `skipped`: moving them is a manual step.
 */
export async function ensurePartitions(
  c: pg.ClientBase,
  from: number,
  now = Date.now(),
): Promise<{ created: string[]; skipped: string[] }> {
  const created: string[] = [];
  const skipped: string[] = [];
  await c.query(`CREATE TABLE IF NOT EXISTS ${TABLE}_default PARTITION OF ${TABLE} DEFAULT`);
  for (let start = monthStart(from); start <= monthStart(now, MONTHS_AHEAD); start = monthStart(start, 1)) {
    const name = partitionName(start);
    if ((await c.query('SELECT to_regclass($1) AS r', [name])).rows[0].r) continue;
    const end = monthStart(start, 1);
    const inDefault = await c.query(`SELECT 1 FROM ${TABLE}_default WHERE ts >= $1 AND ts < $2 LIMIT 1`, [
      start,
      end,
    ]);
    if (inDefault.rowCount) {
      skipped.push(name);
      continue;
    }
    await c.query(`CREATE TABLE ${name} PARTITION OF ${TABLE} FOR VALUES FROM (${start}) TO (${end})`);
    created.push(name);
  }
  return { created, skipped };
}

/** On a partitioned table: the coming months' partitions (what the store runs when it opens). */
export async function maintainPartitions(pool: pg.Pool, now = Date.now()): Promise<void> {
  if (!(await isPartitioned(pool))) return;
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await c.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK]);
    await ensurePartitions(c, now, now);
    await c.query('COMMIT');
  } catch (err) {
    await c.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    c.release();
  }
}

/** Serialises partition changes across replicas (arbitrary constant). */
const PARTITION_LOCK = 0x7265_6370;

/**
 * Converts the plain events table into the partitioned one, in one transaction (the table is
 * locked meanwhile: run it in a quiet window; every row is copied once): renames the old table,
 * creates the partitioned one on the same id sequence with partitions from its oldest month,
 * copies the rows, drops the old table. Idempotent: on a partitioned table it only adds the
 * coming months. The indexes are the store's own (`migrate` creates them on the new table).
 */
export async function partitionEvents(
  pool: pg.Pool,
  now = Date.now(),
): Promise<{ rows: number; created: string[] }> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await c.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK]);
    if (await isPartitioned(c)) {
      const { created } = await ensurePartitions(c, now, now);
      await c.query('COMMIT');
      return { rows: 0, created };
    }
    const old = (await c.query('SELECT to_regclass($1) AS r', [TABLE])).rows[0].r !== null;
    if (!old) await c.query('CREATE SEQUENCE IF NOT EXISTS reco_events_seq_seq');
    else {
      await c.query(`LOCK TABLE ${TABLE} IN ACCESS EXCLUSIVE MODE`);
      await c.query(`ALTER TABLE ${TABLE} RENAME TO ${TABLE}_unpartitioned`);
      // The indexes keep their names through the rename; free them for the new table's.
      for (const ix of [
        'reco_events_user',
        'reco_events_time',
        'reco_events_user_search',
        'reco_events_pkey',
        'reco_events_event_id_key',
      ])
        await c.query(`ALTER INDEX IF EXISTS ${ix} RENAME TO ${ix}_unpartitioned`);
      await c.query('ALTER SEQUENCE reco_events_seq_seq OWNED BY NONE');
    }
    await c.query(
      `CREATE TABLE ${TABLE} (${COLUMNS}, PRIMARY KEY (ts, seq), UNIQUE (event_id, ts)) PARTITION BY RANGE (ts)`,
    );
    await c.query(`ALTER SEQUENCE reco_events_seq_seq OWNED BY ${TABLE}.seq`);
    const oldest = old
      ? (await c.query(`SELECT min(ts)::float8 AS t FROM ${TABLE}_unpartitioned`)).rows[0].t
      : null;
    const { created } = await ensurePartitions(c, oldest ?? now, now);
    let rows = 0;
    if (old) {
      const copied = await c.query(
        `INSERT INTO ${TABLE} (${COLUMN_LIST}) SELECT ${COLUMN_LIST} FROM ${TABLE}_unpartitioned`,
      );
      rows = copied.rowCount ?? 0;
      await c.query(`DROP TABLE ${TABLE}_unpartitioned`);
    }
    await c.query('COMMIT');
    return { rows, created };
  } catch (err) {
    await c.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    c.release();
  }
}

/** Retention on a partitioned table: drops the monthly partitions wholly before `ts`; their names. */
export async function dropPartitionsBefore(pool: pg.Pool, ts: number): Promise<string[]> {
  const { rows } = await pool.query<{ name: string; bound: string }>(
    `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = to_regclass($1)`,
    [TABLE],
  );
  const dropped: string[] = [];
  for (const r of rows) {
    const to = /TO \('?(-?\d+)'?\)/.exec(r.bound)?.[1];
    if (to !== undefined && Number(to) <= ts) {
      await pool.query(`DROP TABLE ${r.name}`);
      dropped.push(r.name);
    }
  }
  return dropped.sort();
}
