import { openPostgresStore } from './postgres-store.ts';
import { openSqliteStore } from './sqlite-store.ts';
import type { EventStore } from './store.ts';

/** True for a `postgres://` or `postgresql://` connection URL. */
export const isPostgresUrl = (location: string): boolean => /^postgres(ql)?:\/\//.test(location);

/**
 * Opens the event store at `location`: a PostgreSQL URL, or else a SQLite file path. One
 * string names a store everywhere (server, `reco train --events`, the retraining child).
 */
export function openEventStore(location: string): Promise<EventStore> {
  return isPostgresUrl(location) ? openPostgresStore(location) : Promise.resolve(openSqliteStore(location));
}

/** Where the service keeps events: RECO_DATABASE_URL when set, else the SQLite file. */
export const storeLocation = (cfg: { databaseUrl: string; dbPath: string }): string =>
  cfg.databaseUrl || cfg.dbPath;

/** The location with any password replaced, for logs. */
export const redactLocation = (location: string): string =>
  location.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
