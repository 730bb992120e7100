import { EVENT_TYPES, type EventLog, type EventType, type RecoEvent, type SearchEvent } from '../types.ts';
import { eachLine } from './lines.ts';
import { objectOf, parseEvent } from './parse.ts';

/**
 * events.jsonl as columns: each field one typed array, ids as indices into first-seen
 * vocabularies, rows in time order (stable). Why: an event held as a JS object with its strings
 * costs ~400 bytes (10M events need ~4 GB of heap, past V8's default limit); here it costs 33
 * bytes plus its share of the vocabularies (and its eventId, where the file gives one), and the
 * file is read a line at a time. Searches go to the caller's `onSearch`, not into the columns.
 */
export interface EventColumns {
  size: number;
  userIds: string[];
  itemIds: string[];
  /** Values of context.device / context.country; index 0 = absent. */
  devices: string[];
  countries: string[];
  user: Int32Array;
  item: Int32Array;
  /** Index into EVENT_TYPES. */
  type: Uint8Array;
  timestamp: Float64Array;
  /** NaN = none. */
  watchTime: Float64Array;
  device: Int32Array;
  country: Int32Array;
  /** Per row, '' = none; absent when no line has one (the demo's files all do, a MovieLens export none). */
  eventIds?: string[];
}

type Column = Exclude<
  keyof EventColumns,
  'size' | 'userIds' | 'itemIds' | 'devices' | 'countries' | 'eventIds'
>;
const COLUMNS: Record<Column, new (n: number) => EventColumns[Column]> = {
  user: Int32Array,
  item: Int32Array,
  type: Uint8Array,
  timestamp: Float64Array,
  watchTime: Float64Array,
  device: Int32Array,
  country: Int32Array,
};

function interner(ids: string[]) {
  const index = new Map(ids.map((id, i) => [id, i]));
  return (id: string): number => {
    let i = index.get(id);
    if (i === undefined) {
      i = ids.length;
      ids.push(id);
      index.set(id, i);
    }
    return i;
  };
}

/** Columns of `n` rows, empty. */
function allocate(n: number): Record<Column, EventColumns[Column]> {
  return Object.fromEntries(Object.entries(COLUMNS).map(([k, C]) => [k, new C(n)])) as Record<
    Column,
    EventColumns[Column]
  >;
}

/** The rows of `cols` reordered by time, ties in file order. */
function sortByTime(cols: Record<Column, EventColumns[Column]>, size: number, eventIds?: string[]) {
  const order = Int32Array.from({ length: size }, (_, i) => i);
  const ts = cols.timestamp;
  order.sort((a, b) => ts[a] - ts[b] || a - b);
  const out = allocate(size);
  for (const k of Object.keys(COLUMNS) as Column[]) {
    const from = cols[k];
    const to = out[k];
    for (let i = 0; i < size; i++) to[i] = from[order[i]];
  }
  return eventIds ? { ...out, eventIds: Array.from(order, (i) => eventIds[i]) } : out;
}

/**
 * Streams an events.jsonl file into columns; a bad line fails with its file and line, as every
 * loader does. A `type: "search"` line goes to `onSearch` (file order), or is skipped without one.
 */
export async function readEventColumns(
  path: string,
  onSearch?: (s: SearchEvent) => void,
): Promise<EventColumns> {
  let cols = allocate(1 << 16);
  let size = 0;
  let eventIds: string[] | undefined;
  const vocab = { userIds: [] as string[], itemIds: [] as string[], devices: [''], countries: [''] };
  const userOf = interner(vocab.userIds);
  const itemOf = interner(vocab.itemIds);
  const deviceOf = interner(vocab.devices);
  const countryOf = interner(vocab.countries);
  await eachLine(path, 'utf8', (line) => {
    const e = parseEvent(objectOf(line));
    if (e.type === 'search') {
      onSearch?.(e);
      return;
    }
    if (size === cols.user.length) {
      const grown = allocate(size * 2);
      for (const k of Object.keys(COLUMNS) as Column[]) grown[k].set(cols[k]);
      cols = grown;
    }
    cols.user[size] = userOf(e.userId);
    cols.item[size] = itemOf(e.itemId);
    cols.type[size] = EVENT_TYPES.indexOf(e.type);
    cols.timestamp[size] = e.timestamp;
    cols.watchTime[size] = e.watchTime ?? Number.NaN;
    cols.device[size] = e.context?.device === undefined ? 0 : deviceOf(e.context.device);
    cols.country[size] = e.context?.country === undefined ? 0 : countryOf(e.context.country);
    if (e.eventId !== undefined) eventIds ??= new Array<string>(size).fill('');
    eventIds?.push(e.eventId ?? '');
    size++;
  });
  return { size, ...vocab, ...sortByTime(cols, size, eventIds) } as EventColumns;
}

/** Row `i` as the event object the loaders give, context and eventId included. */
export function eventAt(c: EventColumns, i: number): RecoEvent {
  const e: RecoEvent = {
    userId: c.userIds[c.user[i]],
    itemId: c.itemIds[c.item[i]],
    type: EVENT_TYPES[c.type[i]] as EventType,
    timestamp: c.timestamp[i],
  };
  if (!Number.isNaN(c.watchTime[i])) e.watchTime = c.watchTime[i];
  if (c.eventIds?.[i]) e.eventId = c.eventIds[i];
  if (c.device[i] || c.country[i]) {
    e.context = {
      ...(c.device[i] ? { device: c.devices[c.device[i]] } : {}),
      ...(c.country[i] ? { country: c.countries[c.country[i]] } : {}),
    };
  }
  return e;
}

/** The events one at a time, in time order: each a fresh object the reader may drop. */
export function* eachEvent(c: EventColumns): Generator<RecoEvent> {
  for (let i = 0; i < c.size; i++) yield eventAt(c, i);
}

/** The columns as an {@link EventLog}: as many passes as a reader wants, none holding them all. */
export function eventLog(c: EventColumns): EventLog {
  return { length: c.size, [Symbol.iterator]: () => eachEvent(c) };
}
