import pg from 'pg';
import type { Item, StoredEvent } from '../data/types.ts';
import { maintainPartitions } from './postgres-partitions.ts';
import { guarded, migrate, unavailable } from './postgres-schema.ts';
import { COLUMNS, userMethods } from './postgres-users.ts';
import { type EventRow, eventTarget, rowToSearch, rowToEvent as toEvent } from './row.ts';
import type { AppendResult, EventStore } from './store.ts';

/** Rows per page when streaming every event (keyset pagination keeps memory flat). */
const PAGE = 10_000;

interface Row extends EventRow {
  seq: string;
}

/** A pool with the schema in place; the pool ended again if that fails. */
async function connect(url: string, poolSize: number): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5000 });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  try {
    await migrate(pool);
    await maintainPartitions(pool);
  } catch (err) {
    await pool.end();
    throw unavailable(err, 'opening');
  }
  return pool;
}

/** A batch's fields as one array per column, in batch order (NULL for what is absent). */
function eventColumns(events: readonly StoredEvent[]): unknown[][] {
  const cols: unknown[][] = [[], [], [], [], [], [], [], [], [], []];
  for (const e of events) {
    const t = eventTarget(e);
    cols[0].push(e.eventId ?? null);
    cols[1].push(e.userId);
    cols[2].push(t.itemId);
    cols[3].push(e.type);
    cols[4].push(t.watchTime);
    cols[5].push(e.timestamp);
    cols[6].push(e.context ? JSON.stringify(e.context) : null);
    cols[7].push(t.query);
    cols[8].push(t.recommendationId);
    cols[9].push(t.position);
  }
  return cols;
}

async function appendEvents(pool: pg.Pool, events: readonly StoredEvent[]): Promise<AppendResult> {
  if (events.length === 0) return { accepted: 0, duplicates: 0 };
  // Columns as arrays, unnested WITH ORDINALITY so rows get their seq in batch order.
  const cols = eventColumns(events);
  // ON CONFLICT without a target: the only key a row can repeat is its eventId, (event_id) on a
  // plain table, (event_id, ts) on a partitioned one (postgres-partitions.ts).
  return guarded('appending', async () => {
    const r = await pool.query(
      `INSERT INTO reco_events (event_id, user_id, item_id, type, watch_time, ts, context, query,
         recommendation_id, position, received_at)
       SELECT e, u, i, t, w, ts, c::jsonb, q, r, p, $11
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::bigint[], $7::text[],
         $8::text[], $9::text[], $10::int[])
         WITH ORDINALITY AS b(e, u, i, t, w, ts, c, q, r, p, n)
       ORDER BY n
       ON CONFLICT DO NOTHING`,
      [...cols, Date.now()],
    );
    const accepted = r.rowCount ?? 0;
    return { accepted, duplicates: events.length - accepted };
  });
}

/** Every item event (`search: false`) or search in (ts, seq) order, a page at a time. */
async function* allRows(pool: pg.Pool, search: boolean): AsyncGenerator<Row> {
  let after: [number, string] = [Number.NEGATIVE_INFINITY, '0'];
  for (;;) {
    const r = await pool.query<Row>(
      `SELECT ${COLUMNS} FROM reco_events WHERE (ts, seq) > ($1::float8, $2::bigint)
       AND (type = 'search') = $3 ORDER BY ts, seq LIMIT ${PAGE}`,
      [...after, search],
    );
    yield* r.rows;
    if (r.rows.length < PAGE) return;
    const last = r.rows[r.rows.length - 1];
    after = [last.ts, last.seq];
  }
}

async function* mapRows<E>(rows: AsyncIterable<Row>, to: (r: Row) => E): AsyncGenerator<E> {
  for await (const r of rows) yield to(r);
}

/**
 * A user's item events (`search: false`) or searches, oldest first; with `limit`, the latest
 * `limit` of them, read backwards along the (user_id, ts, seq) index.
 */
function userRows(pool: pg.Pool, userId: string, search: boolean, limit?: number): Promise<Row[]> {
  // Spelled out, not a parameter: the planner matches the partial index reco_events_user_search
  // only against a literal `type = 'search'`.
  const kind = search ? "type = 'search'" : "type <> 'search'";
  return guarded('reading a user', async () => {
    const r = await pool.query<Row>(
      `SELECT * FROM (SELECT ${COLUMNS} FROM reco_events WHERE user_id = $1 AND ${kind}
         ORDER BY ts DESC, seq DESC LIMIT $2) AS latest ORDER BY ts, seq`,
      [userId, limit ?? null],
    );
    return r.rows;
  });
}

async function upsertItems(pool: pg.Pool, items: readonly Item[]): Promise<{ stored: number }> {
  // ON CONFLICT DO UPDATE may touch a row once per statement: the last of a batch wins. A changed
  // item takes a new seq, so other replicas' itemsSince sees the edit (same body: untouched).
  const last = new Map(items.map((it) => [it.itemId, it]));
  if (last.size === 0) return { stored: 0 };
  return guarded('storing items', async () => {
    await pool.query(
      `INSERT INTO reco_items (item_id, body, updated_at)
       SELECT i, b::jsonb, $3 FROM unnest($1::text[], $2::text[]) AS t(i, b)
       ON CONFLICT (item_id) DO UPDATE
         SET body = excluded.body, updated_at = excluded.updated_at,
             seq = nextval(pg_get_serial_sequence('reco_items', 'seq'))
         WHERE reco_items.body IS DISTINCT FROM excluded.body`,
      [[...last.keys()], [...last.values()].map((it) => JSON.stringify(it)), Date.now()],
    );
    return { stored: last.size };
  });
}

/**
 * The event store for deployments with several replicas: one PostgreSQL table, `reco_events`.
 * A batch is one INSERT in one transaction (all or nothing); the promise resolves after COMMIT,
 * which with PostgreSQL's default `synchronous_commit = on` means the WAL is flushed. Idempotent
 * on `eventId` through a unique index (`ON CONFLICT DO NOTHING`), also across replicas.
 */
export async function openPostgresStore(url: string, poolSize = 10): Promise<EventStore> {
  const pool = await connect(url, poolSize);
  return {
    kind: 'postgres',
    append: (events) => appendEvents(pool, events),
    byUser: async (userId, limit) => (await userRows(pool, userId, false, limit)).map(toEvent),
    all: () => mapRows(allRows(pool, false), toEvent),
    searchesByUser: async (userId) => (await userRows(pool, userId, true)).map(rowToSearch),
    searches: () => mapRows(allRows(pool, true), rowToSearch),
    putItems: (items) => upsertItems(pool, items),
    items: () =>
      guarded('reading items', async () => {
        const r = await pool.query<{ body: Item }>('SELECT body FROM reco_items ORDER BY seq');
        return r.rows.map((row) => row.body);
      }),
    itemsSince: (cursor) =>
      guarded('reading items', async () => {
        const r = await pool.query<{ seq: number; body: Item }>(
          'SELECT seq::float8 AS seq, body FROM reco_items WHERE seq > $1 ORDER BY seq',
          [cursor],
        );
        return {
          items: r.rows.map((row) => row.body),
          cursor: r.rows.length ? r.rows[r.rows.length - 1].seq : cursor,
        };
      }),
    count: () =>
      guarded('counting', async () => {
        const r = await pool.query<{ n: number }>('SELECT count(*)::float8 AS n FROM reco_events');
        return r.rows[0].n;
      }),
    ...userMethods(pool),
    close: () => pool.end(),
  };
}
