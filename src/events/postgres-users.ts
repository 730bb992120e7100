import type pg from 'pg';
import { guarded } from './postgres-schema.ts';
import { type EventRow, rowToStored } from './row.ts';
import type { EventStore, ItemFlags, KeyedEvent, PruneQuery, UserEventsQuery } from './store.ts';

interface Row extends EventRow {
  seq: string;
}

// BIGINT arrives as a string from pg; timestamps fit a double exactly, so cast them in SQL.
export const COLUMNS =
  'seq, event_id, user_id, item_id, type, watch_time, ts::float8 AS ts, context, query, recommendation_id, position';

/** A key after every stored one: the first page of a user's events starts here. */
const END = Number.MAX_SAFE_INTEGER;

/** A page of the user's events and searches, newest first, by the (user_id, ts, seq) index. */
function userEvents(pool: pg.Pool, userId: string, q: UserEventsQuery): Promise<KeyedEvent[]> {
  return guarded('reading a user', async () => {
    const r = await pool.query<Row>(
      `SELECT ${COLUMNS} FROM reco_events WHERE user_id = $1 AND ($2::text IS NULL OR type = $2)
       AND (ts, seq) < ($3::bigint, $4::bigint) ORDER BY ts DESC, seq DESC LIMIT $5`,
      [userId, q.type ?? null, q.before?.ts ?? END, q.before?.seq ?? END, q.limit],
    );
    return r.rows.map((row) => ({ key: { ts: row.ts, seq: Number(row.seq) }, event: rowToStored(row) }));
  });
}

/** Deletes the user's rows and records the erasure in one transaction. */
function eraseUser(pool: pg.Pool, userId: string, at: number): Promise<{ events: number }> {
  return guarded('erasing a user', async () => {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      const r = await c.query('DELETE FROM reco_events WHERE user_id = $1', [userId]);
      await c.query(
        `INSERT INTO reco_erased_users (user_id, erased_at) VALUES ($1, $2)
         ON CONFLICT (user_id) DO UPDATE SET erased_at = excluded.erased_at`,
        [userId, at],
      );
      await c.query('COMMIT');
      return { events: r.rowCount ?? 0 };
    } catch (err) {
      await c.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      c.release();
    }
  });
}

function setItemFlags(pool: pg.Pool, itemId: string, f: ItemFlags): Promise<void> {
  return guarded('storing item flags', async () => {
    if (!f.hidden && !f.retired) await pool.query('DELETE FROM reco_item_flags WHERE item_id = $1', [itemId]);
    else
      await pool.query(
        `INSERT INTO reco_item_flags (item_id, hidden, retired) VALUES ($1, $2, $3)
         ON CONFLICT (item_id) DO UPDATE SET hidden = excluded.hidden, retired = excluded.retired`,
        [itemId, f.hidden, f.retired],
      );
  });
}

/** Up to `limit` of the oldest matching events, deleted by the (ts, seq) index. */
function prune(pool: pg.Pool, q: PruneQuery): Promise<number> {
  return guarded('deleting old events', async () => {
    const r = await pool.query(
      `DELETE FROM reco_events WHERE seq IN (SELECT seq FROM reco_events WHERE ts < $1
         AND ($2::text[] IS NULL OR type = ANY($2)) ORDER BY ts, seq LIMIT $3)`,
      [q.cutoff, q.types ? [...q.types] : null, q.limit],
    );
    return r.rowCount ?? 0;
  });
}

/** The store methods about users' data and item flags (postgres-store.ts has the rest). */
export function userMethods(
  pool: pg.Pool,
): Pick<
  EventStore,
  'userEvents' | 'eraseUser' | 'erasedUsers' | 'erasedAt' | 'setItemFlags' | 'itemFlags' | 'prune'
> {
  return {
    userEvents: (userId, q) => userEvents(pool, userId, q),
    eraseUser: (userId, at) => eraseUser(pool, userId, at),
    erasedUsers: () =>
      guarded('reading erased users', async () => {
        const r = await pool.query<{ user_id: string; at: number }>(
          'SELECT user_id, erased_at::float8 AS at FROM reco_erased_users',
        );
        return new Map(r.rows.map((row) => [row.user_id, row.at]));
      }),
    erasedAt: (userId) =>
      guarded('reading a user', async () => {
        const r = await pool.query<{ at: number }>(
          'SELECT erased_at::float8 AS at FROM reco_erased_users WHERE user_id = $1',
          [userId],
        );
        return r.rows[0]?.at;
      }),
    setItemFlags: (itemId, f) => setItemFlags(pool, itemId, f),
    itemFlags: () =>
      guarded('reading item flags', async () => {
        const r = await pool.query<{ item_id: string } & ItemFlags>(
          'SELECT item_id, hidden, retired FROM reco_item_flags',
        );
        return new Map(r.rows.map((row) => [row.item_id, { hidden: row.hidden, retired: row.retired }]));
      }),
    prune: (q) => prune(pool, q),
  };
}
