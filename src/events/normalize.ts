import { idProblem, textProblem } from '../data/ids.ts';
import type { Context, EventType, Item, RecoEvent, SearchEvent, StoredEvent } from '../data/types.ts';
import { type BatchProblem, batchValidationError } from '../errors.ts';
import { DAY_MS } from '../foundation/time.ts';

/** An event as the HTTP schema admits it (ids may be integers; timestamp a string or epoch ms). */
export interface EventInput {
  userId: string | number;
  /** Required on item events, refused on searches. */
  itemId?: string | number;
  type: EventType | 'search';
  /** The search text (searches only). */
  query?: string;
  watchTime?: number;
  timestamp?: string | number;
  eventId?: string;
  context?: Context;
  recommendationId?: string;
  position?: number;
}

/** Timestamps more than this far in the future are refused (clock skew allowance). */
const MAX_FUTURE_MS = DAY_MS;

function normalizeId(v: string | number, field: string, index: number, problems: BatchProblem[]): string {
  const s = typeof v === 'number' ? String(v) : v;
  if (typeof v === 'number' && (!Number.isSafeInteger(v) || v < 0)) {
    problems.push({ index, field, message: 'expected a non-negative safe integer or a string' });
    return s;
  }
  const problem = idProblem(s);
  if (problem) problems.push({ index, field, message: problem });
  return s;
}

function normalizeTime(
  v: string | number | undefined,
  now: number,
  index: number,
  problems: BatchProblem[],
): number {
  if (v === undefined) return now;
  const t = typeof v === 'number' ? v : /^\d{4}-\d{2}-\d{2}/.test(v) ? Date.parse(v) : Number.NaN;
  if (!Number.isFinite(t)) {
    problems.push({
      index,
      field: 'timestamp',
      message: 'expected an ISO-8601 date-time or epoch milliseconds',
    });
  } else if (t < 0 || t > now + MAX_FUTURE_MS) {
    problems.push({ index, field: 'timestamp', message: 'must lie between 1970-01-01 and one day from now' });
  }
  return t;
}

/** The fields that differ by type: an item for item events, a query text for searches. */
function normalizeTarget(
  e: EventInput,
  index: number,
  problems: BatchProblem[],
): { itemId: string; recommendationId?: string; position?: number } | { query: string } {
  const problem = (field: string, message: string) => problems.push({ index, field, message });
  if (e.type === 'search') {
    if (e.itemId !== undefined) problem('itemId', 'not allowed on search events');
    if (e.query === undefined) problem('query', 'required on search events');
    else {
      const p = textProblem(e.query);
      if (p) problem('query', p);
    }
    // A search answers no list: the list fields are refused there, as an item is.
    if (e.recommendationId !== undefined) problem('recommendationId', 'not allowed on search events');
    if (e.position !== undefined) problem('position', 'not allowed on search events');
    return { query: e.query ?? '' };
  }
  if (e.query !== undefined) problem('query', 'only allowed on search events');
  if (e.itemId === undefined) {
    problem('itemId', `required on ${e.type} events`);
    return { itemId: '' };
  }
  return {
    itemId: normalizeId(e.itemId, 'itemId', index, problems),
    ...(e.recommendationId !== undefined ? { recommendationId: e.recommendationId } : {}),
    ...(e.position !== undefined ? { position: e.position } : {}),
  };
}

/**
 * Turns validated HTTP input into stored events. All-or-nothing: if any event is bad, throws a
 * ValidationError whose details list every problem as `{ index, field, message }`.
 */
export function normalizeBatch(body: EventInput | EventInput[], now: number): StoredEvent[] {
  const inputs = Array.isArray(body) ? body : [body];
  const problems: BatchProblem[] = [];
  const out = inputs.map((e, index): StoredEvent => {
    const ev = {
      userId: normalizeId(e.userId, 'userId', index, problems),
      ...normalizeTarget(e, index, problems),
      type: e.type,
      timestamp: normalizeTime(e.timestamp, now, index, problems),
    } as RecoEvent | SearchEvent;
    if (e.watchTime !== undefined) {
      if (e.type !== 'watch')
        problems.push({ index, field: 'watchTime', message: 'only allowed on watch events' });
      else if (!Number.isFinite(e.watchTime) || e.watchTime < 0) {
        problems.push({ index, field: 'watchTime', message: 'expected a finite number >= 0' });
      }
      (ev as RecoEvent).watchTime = e.watchTime;
    }
    if (e.eventId !== undefined) ev.eventId = normalizeId(e.eventId, 'eventId', index, problems);
    if (e.context && Object.keys(e.context).length > 0) {
      for (const [key, value] of Object.entries(e.context)) {
        const problem = typeof value === 'string' ? textProblem(value) : undefined;
        if (problem) problems.push({ index, field: `context.${key}`, message: problem });
      }
      ev.context = { ...e.context };
    }
    return ev;
  });
  if (problems.length > 0) throw batchValidationError('event', problems);
  return out;
}

/**
 * Checks catalogue items beyond their schema with the same rules as events (ids as ids, topics,
 * tags and providers as labels), all-or-nothing: a ValidationError listing every problem, else the items.
 */
export function validateItems(body: Item | Item[]): Item[] {
  const items = Array.isArray(body) ? body : [body];
  const problems: BatchProblem[] = [];
  items.forEach((item, index) => {
    const check = (field: string, value: string, problem = textProblem) => {
      const p = problem(value);
      if (p) problems.push({ index, field, message: p });
    };
    check('itemId', item.itemId, idProblem);
    check('topic', item.topic);
    for (const [i, tag] of item.tags.entries()) check(`tags/${i}`, tag);
    if (item.provider !== undefined) check('provider', item.provider);
    if (item.pinned && item.pinned.until <= item.pinned.from)
      problems.push({ index, field: 'pinned/until', message: 'must be after pinned.from' });
  });
  if (problems.length > 0) throw batchValidationError('item', problems);
  return items;
}
