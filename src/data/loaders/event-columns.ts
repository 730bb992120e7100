import { EVENT_TYPES, type EventType, type RecoEvent } from '../types.ts';
import { isObj, parseEvent } from './jsonl.ts';
import { eachLine, LineError } from './lines.ts';

/**
 * events.jsonl as columns: each field one typed array, ids as indices into first-seen
 * vocabularies, rows in time order (stable). Why: the array-of-objects loader holds every event
 * as a JS object with its strings (~400 bytes each: 10M events need ~4 GB of heap, past V8's
 * default limit); here an event costs 27 bytes plus its share of the vocabularies, and the file
 * is read a line at a time. Searches are left out (searches.jsonl, and the loader that reads
 * them, carry them); so are eventIds, which training never reads.
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
  device: Uint8Array;
  country: Uint8Array;
}

type Column = Exclude<keyof EventColumns, 'size' | 'userIds' | 'itemIds' | 'devices' | 'countries'>;
const COLUMNS: Record<Column, new (n: number) => EventColumns[Column]> = {
  user: Int32Array,
  item: Int32Array,
  type: Uint8Array,
  timestamp: Float64Array,
  watchTime: Float64Array,
  device: Uint8Array,
  country: Uint8Array,
};

function interner(ids: string[], limit = Number.POSITIVE_INFINITY) {
  const index = new Map(ids.map((id, i) => [id, i]));
  return (id: string): number => {
    let i = index.get(id);
    if (i === undefined) {
      if (ids.length >= limit) throw new LineError(`more than ${limit - 1} distinct context values`);
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
function sortByTime(cols: Record<Column, EventColumns[Column]>, size: number) {
  const order = Int32Array.from({ length: size }, (_, i) => i);
  const ts = cols.timestamp;
  order.sort((a, b) => ts[a] - ts[b] || a - b);
  const out = allocate(size);
  for (const k of Object.keys(COLUMNS) as Column[]) {
    const from = cols[k];
    const to = out[k];
    for (let i = 0; i < size; i++) to[i] = from[order[i]];
  }
  return out;
}

/** Streams an events.jsonl file into columns; a bad line fails with its file and line, as readDataset does. */
export async function readEventColumns(path: string): Promise<EventColumns> {
  let cols = allocate(1 << 16);
  let size = 0;
  const vocab = { userIds: [] as string[], itemIds: [] as string[], devices: [''], countries: [''] };
  const userOf = interner(vocab.userIds);
  const itemOf = interner(vocab.itemIds);
  const deviceOf = interner(vocab.devices, 256);
  const countryOf = interner(vocab.countries, 256);
  await eachLine(path, 'utf8', (line) => {
    const o = JSON.parse(line);
    if (!isObj(o)) throw new LineError('expected a JSON object');
    const e = parseEvent(o);
    if (e.type === 'search') return;
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
    size++;
  });
  return { size, ...vocab, ...sortByTime(cols, size) } as EventColumns;
}

/** Row `i` as the event object the array loader gives (without its eventId). */
export function eventAt(c: EventColumns, i: number): RecoEvent {
  const e: RecoEvent = {
    userId: c.userIds[c.user[i]],
    itemId: c.itemIds[c.item[i]],
    type: EVENT_TYPES[c.type[i]] as EventType,
    timestamp: c.timestamp[i],
  };
  if (!Number.isNaN(c.watchTime[i])) e.watchTime = c.watchTime[i];
  return e;
}

/** The events one at a time, in time order: what buildTimelines reads, never all as objects at once. */
export function* eachEvent(c: EventColumns): Generator<RecoEvent> {
  for (let i = 0; i < c.size; i++) {
    const e = eventAt(c, i);
    if (c.device[i] || c.country[i]) {
      e.context = {
        ...(c.device[i] ? { device: c.devices[c.device[i]] } : {}),
        ...(c.country[i] ? { country: c.countries[c.country[i]] } : {}),
      };
    }
    yield e;
  }
}
