import type pg from 'pg';
import { recoError, StoreUnavailableError } from '../errors.ts';

/**
 * 2: the `query` column (searches). 3: `recommendation_id` and `position` (the list an event
 * answers), the erased users and the item flags.
 */
export const PG_SCHEMA_VERSION = 3;
/** Arbitrary constant: the advisory lock that serialises schema set-up across replicas. */
const MIGRATION_LOCK = 0x7265636f;

/** SQLSTATE classes that mean "the server is not there", not "the statement is wrong". */
export function unavailable(err: unknown, what: string): Error {
  const code = (err as { code?: string }).code ?? '';
  const network = /^(ECONN|ENOTFOUND|ETIMEDOUT|EPIPE|EAI_)/.test(code) || /^(08|53|57P)/.test(code);
  if (network || /Connection terminated|timeout/i.test(String((err as Error).message))) {
    return new StoreUnavailableError(
      `event store (PostgreSQL) unavailable while ${what}: ${(err as Error).message}`,
    );
  }
  return err as Error;
}

/** `run()`, a failure of which that means "the server is not there" becomes a StoreUnavailableError. */
export async function guarded<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw unavailable(err, what);
  }
}

// Every statement is idempotent, so replicas of any version at or below this one may run it;
// the columns a newer version adds are nullable, so rows of before read NULL.
const TABLES = `
  CREATE TABLE IF NOT EXISTS reco_schema (version INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS reco_events (
    seq BIGSERIAL PRIMARY KEY,
    event_id TEXT UNIQUE,
    user_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    type TEXT NOT NULL,
    watch_time DOUBLE PRECISION,
    ts BIGINT NOT NULL,
    context JSONB,
    received_at BIGINT NOT NULL
  );
  -- Version 2: searches keep their text here (a version-1 table gains the column).
  ALTER TABLE reco_events ADD COLUMN IF NOT EXISTS query TEXT;
  -- Version 3: the list an event answers and the item's place in it.
  ALTER TABLE reco_events ADD COLUMN IF NOT EXISTS recommendation_id TEXT;
  ALTER TABLE reco_events ADD COLUMN IF NOT EXISTS position INTEGER;
  CREATE INDEX IF NOT EXISTS reco_events_user ON reco_events (user_id, ts, seq);
  CREATE INDEX IF NOT EXISTS reco_events_time ON reco_events (ts, seq);
  -- A user's searches without a walk over all their events (as SQLite's events_user_search).
  CREATE INDEX IF NOT EXISTS reco_events_user_search ON reco_events (user_id, ts, seq) WHERE type = 'search';
  CREATE TABLE IF NOT EXISTS reco_items (
    seq BIGSERIAL PRIMARY KEY,
    item_id TEXT NOT NULL UNIQUE,
    body JSONB NOT NULL,
    updated_at BIGINT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS reco_erased_users (user_id TEXT PRIMARY KEY, erased_at BIGINT NOT NULL);
  CREATE TABLE IF NOT EXISTS reco_item_flags (
    item_id TEXT PRIMARY KEY,
    hidden BOOLEAN NOT NULL,
    retired BOOLEAN NOT NULL
  );
`;

/** Creates or migrates the tables under an advisory lock, and stamps (or checks) the version. */
export async function migrate(pool: pg.Pool): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await c.query(TABLES);
    const { rows } = await c.query<{ version: number }>('SELECT version FROM reco_schema');
    if (rows.length === 0) await c.query('INSERT INTO reco_schema VALUES ($1)', [PG_SCHEMA_VERSION]);
    else if (rows[0].version < PG_SCHEMA_VERSION)
      await c.query('UPDATE reco_schema SET version = $1', [PG_SCHEMA_VERSION]);
    else if (rows[0].version > PG_SCHEMA_VERSION) {
      throw recoError('STORE_SCHEMA_NEWER', {
        store: 'PostgreSQL',
        found: rows[0].version,
        supported: PG_SCHEMA_VERSION,
      });
    }
    await c.query('COMMIT');
  } catch (err) {
    await c.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    c.release();
  }
}
