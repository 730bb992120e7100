import type { EventType, RecoEvent, SearchEvent, StoredEvent } from '../data/types.ts';

/** An event as the SQL stores keep it: one column per field, NULL for what is absent. */
export interface EventRow {
  event_id: string | null;
  user_id: string;
  /** '' on searches (they name no item; the column predates them and stays NOT NULL). */
  item_id: string;
  type: EventType | 'search';
  watch_time: number | null;
  ts: number;
  /** JSON text (SQLite) or an already parsed JSONB value (PostgreSQL). */
  context: string | RecoEvent['context'] | null;
  /** The search text (searches only; absent in rows read before schema version 2). */
  query?: string | null;
  /** The list an event answers and its place there (schema version 3; absent before). */
  recommendation_id?: string | null;
  position?: number | null;
}

export function rowToEvent(r: EventRow): RecoEvent {
  const e: RecoEvent = { userId: r.user_id, itemId: r.item_id, type: r.type as EventType, timestamp: r.ts };
  if (r.watch_time !== null) e.watchTime = r.watch_time;
  if (r.event_id !== null) e.eventId = r.event_id;
  if (r.context !== null) e.context = typeof r.context === 'string' ? JSON.parse(r.context) : r.context;
  if (r.recommendation_id != null) e.recommendationId = r.recommendation_id;
  if (r.position != null) e.position = r.position;
  return e;
}

/** An item event or a search, by its type. */
export const rowToStored = (r: EventRow): StoredEvent =>
  r.type === 'search' ? rowToSearch(r) : rowToEvent(r);

export function rowToSearch(r: EventRow): SearchEvent {
  const e: SearchEvent = { userId: r.user_id, type: 'search', query: r.query ?? '', timestamp: r.ts };
  if (r.event_id !== null) e.eventId = r.event_id;
  if (r.context !== null) e.context = typeof r.context === 'string' ? JSON.parse(r.context) : r.context;
  return e;
}

/** The columns of an event that differ by kind: an item for item events, a query for searches. */
export function eventTarget(e: StoredEvent): {
  itemId: string;
  watchTime: number | null;
  query: string | null;
  recommendationId: string | null;
  position: number | null;
} {
  return e.type === 'search'
    ? { itemId: '', watchTime: null, query: e.query, recommendationId: null, position: null }
    : {
        itemId: e.itemId,
        watchTime: e.watchTime ?? null,
        query: null,
        recommendationId: e.recommendationId ?? null,
        position: e.position ?? null,
      };
}
