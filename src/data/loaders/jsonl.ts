import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateSearches } from '../demo/searches.ts';
import type { DemoWorld, WorldTruth } from '../demo/world.ts';
import {
  EVENT_TYPES,
  type EventType,
  type Item,
  MAX_QUERY_LENGTH,
  type RecoEvent,
  type SearchEvent,
  type User,
} from '../types.ts';
import { dataError, eachLine, LineError } from './lines.ts';

/**
 * reco's own data directory: `items.jsonl`, `users.jsonl` (optional), `events.jsonl`, one JSON
 * object per line (format in docs/data-format.md), and `world.json` for generated worlds.
 */
export interface Dataset {
  items: Item[];
  users: User[];
  /** Sorted by timestamp (stable). */
  events: RecoEvent[];
  /** Searches (`type: "search"` lines of events.jsonl, and searches.jsonl), time order; absent = none. */
  searches?: SearchEvent[];
  truth?: WorldTruth;
  source: string;
}

export function isRecoDataset(dir: string): boolean {
  return existsSync(join(dir, 'items.jsonl')) && existsSync(join(dir, 'events.jsonl'));
}

async function writeLines(path: string, rows: readonly unknown[]): Promise<void> {
  const out = createWriteStream(path);
  const chunk = 5000;
  for (let i = 0; i < rows.length; i += chunk) {
    const text = `${rows
      .slice(i, i + chunk)
      .map((r) => JSON.stringify(r))
      .join('\n')}\n`;
    if (!out.write(text)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

export async function writeDataset(dir: string, world: DemoWorld): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeLines(join(dir, 'items.jsonl'), world.items);
  await writeLines(join(dir, 'users.jsonl'), world.users);
  await writeLines(join(dir, 'events.jsonl'), world.events);
  // Derived here from the finished world, from a stream of their own: the world itself is unchanged.
  const { items, events, truth, meta } = world;
  const searches = generateSearches(
    { items, events, userTopics: truth.userTopics, topics: meta.topics },
    meta.seed,
  );
  await writeLines(join(dir, 'searches.jsonl'), searches);
  await writeFile(join(dir, 'world.json'), JSON.stringify({ meta: world.meta, truth: world.truth }));
}

export const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

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

function parseItem(o: Record<string, unknown>): Item {
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

function parseUser(o: Record<string, unknown>): User {
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

function parseSearch(o: Record<string, unknown>): SearchEvent {
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

async function readLines<T>(path: string, parse: (o: Record<string, unknown>) => T): Promise<T[]> {
  const out: T[] = [];
  await eachLine(path, 'utf8', (line) => {
    const o = JSON.parse(line);
    if (!isObj(o)) throw new LineError('expected a JSON object');
    out.push(parse(o));
  });
  return out;
}

/** The generator's ground truth in `world.json` (generated worlds only). */
async function readTruth(path: string): Promise<WorldTruth | undefined> {
  const text = await readFile(path, 'utf8');
  try {
    return (JSON.parse(text) as { truth?: WorldTruth }).truth;
  } catch (e) {
    throw dataError(path, `not valid JSON (${(e as Error).message})`);
  }
}

/** Sorted by timestamp, stable. */
function byTime<E extends { timestamp: number }>(list: readonly E[]): E[] {
  const order = list.map((e, i) => [e.timestamp, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return order.map(([, i]) => list[i]);
}

/** Reads and validates a data directory; a bad line fails with its file and line number. */
export async function readDataset(dir: string): Promise<Dataset> {
  if (!isRecoDataset(dir))
    throw dataError(dir, 'not a reco data directory (expected items.jsonl and events.jsonl)');
  const items = await readLines(join(dir, 'items.jsonl'), parseItem);
  const usersPath = join(dir, 'users.jsonl');
  const users = existsSync(usersPath) ? await readLines(usersPath, parseUser) : [];
  const lines = await readLines(join(dir, 'events.jsonl'), parseEvent);
  const events = lines.filter((e): e is RecoEvent => e.type !== 'search');
  const searches = lines.filter((e): e is SearchEvent => e.type === 'search');
  const searchesPath = join(dir, 'searches.jsonl');
  if (existsSync(searchesPath)) searches.push(...(await readLines(searchesPath, parseSearch)));
  const worldPath = join(dir, 'world.json');
  const truth = existsSync(worldPath) ? await readTruth(worldPath) : undefined;
  const data: Dataset = { items, users, events: byTime(events), truth, source: dir };
  return searches.length > 0 ? { ...data, searches: byTime(searches) } : data;
}
