import {
  EVENT_TYPES,
  type EventType,
  type Item,
  MAX_QUERY_LENGTH,
  type RecoEvent,
  type SearchEvent,
  type User,
} from '../types.ts';
import { LineError } from './lines.ts';

/**
 * One line of reco's data files (docs/data-format.md) checked and normalised: ids to strings,
 * times to epoch ms. A bad field throws a LineError, which the line reader turns into the file's
 * name and line number. Shared by the array and the column loaders.
 */

export const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** One line of a data file as the JSON object it must be. */
export function objectOf(line: string): Record<string, unknown> {
  const o = JSON.parse(line);
  if (!isObj(o)) throw new LineError('expected a JSON object');
  return o;
}

/** An id may be written as a string or a JSON integer (read as its decimal string). */
function id(o: Record<string, unknown>, key: string): string {
  const v = o[key];
  if (typeof v === 'string' && v.length > 0) return v;
  if (typeof v === 'number' && Number.isInteger(v)) return String(v);
  throw new LineError(`"${key}": expected a non-empty string or an integer, got ${JSON.stringify(v)}`);
}

function finite(o: Record<string, unknown>, key: string, optional = false): number | undefined {
  const v = o[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new LineError(`"${key}": expected a number, got ${JSON.stringify(v)}`);
  return v;
}

/** Epoch ms from a number or an ISO-8601 string. */
function time(o: Record<string, unknown>, key: string): number {
  const v = o[key];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string') {
    const t = Date.parse(v);
    if (Number.isFinite(t)) return t;
  }
  throw new LineError(`"${key}": expected epoch milliseconds or an ISO-8601 date, got ${JSON.stringify(v)}`);
}

export function parseItem(o: Record<string, unknown>): Item {
  const tags = o.tags ?? [];
  if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string'))
    throw new LineError('"tags": expected an array of strings');
  if (typeof o.topic !== 'string' || !o.topic) throw new LineError('"topic": expected a non-empty string');
  const durationSec = finite(o, 'durationSec')!;
  if (durationSec <= 0) throw new LineError(`"durationSec": expected > 0, got ${durationSec}`);
  const item: Item = {
    itemId: id(o, 'itemId'),
    topic: o.topic,
    tags,
    durationSec,
    publishedAt: time(o, 'publishedAt'),
  };
  if (o.provider !== undefined) {
    if (typeof o.provider !== 'string' || !o.provider)
      throw new LineError(`"provider": expected a non-empty string, got ${JSON.stringify(o.provider)}`);
    item.provider = o.provider;
  }
  return item;
}

export function parseUser(o: Record<string, unknown>): User {
  const u: User = { userId: id(o, 'userId') };
  if (o.age !== undefined) u.age = finite(o, 'age');
  if (typeof o.country === 'string') u.country = o.country;
  if (typeof o.device === 'string') u.device = o.device;
  return u;
}

/** The fields item events and searches share: eventId and context. */
function common(o: Record<string, unknown>, e: RecoEvent | SearchEvent): void {
  if (typeof o.eventId === 'string') e.eventId = o.eventId;
  if (isObj(o.context)) {
    const { device, country } = o.context;
    e.context = {
      ...(typeof device === 'string' ? { device } : {}),
      ...(typeof country === 'string' ? { country } : {}),
    };
  }
}

export function parseSearch(o: Record<string, unknown>): SearchEvent {
  if (o.type !== 'search') throw new LineError(`"type": expected "search", got ${JSON.stringify(o.type)}`);
  const q = o.query;
  if (typeof q !== 'string' || q.trim() === '' || q.length > MAX_QUERY_LENGTH)
    throw new LineError(`"query": expected a non-blank string of at most ${MAX_QUERY_LENGTH} characters`);
  const e: SearchEvent = {
    userId: id(o, 'userId'),
    type: 'search',
    query: q,
    timestamp: time(o, 'timestamp'),
  };
  common(o, e);
  return e;
}

export function parseEvent(o: Record<string, unknown>): RecoEvent | SearchEvent {
  if (o.type === 'search') return parseSearch(o);
  if (!EVENT_TYPES.includes(o.type as EventType)) {
    throw new LineError(
      `"type": expected one of ${EVENT_TYPES.join(', ')}, search, got ${JSON.stringify(o.type)}`,
    );
  }
  const e: RecoEvent = {
    userId: id(o, 'userId'),
    itemId: id(o, 'itemId'),
    type: o.type as EventType,
    timestamp: time(o, 'timestamp'),
  };
  const watchTime = finite(o, 'watchTime', true);
  if (watchTime !== undefined) {
    if (watchTime < 0) throw new LineError(`"watchTime": expected >= 0, got ${watchTime}`);
    e.watchTime = watchTime;
  }
  common(o, e);
  return e;
}
