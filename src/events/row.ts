import type { EventType, RecoEvent } from '../data/types.ts';

/** An event as the SQL stores keep it: one column per field, NULL for what is absent. */
export interface EventRow {
  event_id: string | null;
  user_id: string;
  item_id: string;
  type: EventType;
  watch_time: number | null;
  ts: number;
  /** JSON text (SQLite) or an already parsed JSONB value (PostgreSQL). */
  context: string | RecoEvent['context'] | null;
}

export function rowToEvent(r: EventRow): RecoEvent {
  const e: RecoEvent = { userId: r.user_id, itemId: r.item_id, type: r.type, timestamp: r.ts };
  if (r.watch_time !== null) e.watchTime = r.watch_time;
  if (r.event_id !== null) e.eventId = r.event_id;
  if (r.context !== null) e.context = typeof r.context === 'string' ? JSON.parse(r.context) : r.context;
  return e;
}
