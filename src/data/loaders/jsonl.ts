import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateSearches } from '../demo/searches.ts';
import type { DemoWorld, WorldTruth } from '../demo/world.ts';
import type { EventLog, Item, SearchEvent, User } from '../types.ts';
import { eventLog, readEventColumns } from './event-columns.ts';
import { dataError, eachLine } from './lines.ts';
import { objectOf, parseItem, parseSearch, parseUser } from './parse.ts';

/**
 * reco's own data directory: `items.jsonl`, `users.jsonl` (optional), `events.jsonl`, one JSON
 * object per line (format in docs/data-format.md), and `world.json` for generated worlds.
 */
export interface Dataset {
  items: Item[];
  users: User[];
  /**
   * Sorted by timestamp (stable). Read from disk it is a view over typed columns (one pass at a
   * time, never all events as objects at once: 10M events fit); merged or filtered, an array.
   */
  events: EventLog;
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

async function readLines<T>(path: string, parse: (o: Record<string, unknown>) => T): Promise<T[]> {
  const out: T[] = [];
  await eachLine(path, 'utf8', (line) => {
    out.push(parse(objectOf(line)));
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
  const searches: SearchEvent[] = [];
  const columns = await readEventColumns(join(dir, 'events.jsonl'), (s) => searches.push(s));
  const searchesPath = join(dir, 'searches.jsonl');
  if (existsSync(searchesPath)) searches.push(...(await readLines(searchesPath, parseSearch)));
  const worldPath = join(dir, 'world.json');
  const truth = existsSync(worldPath) ? await readTruth(worldPath) : undefined;
  const data: Dataset = { items, users, events: eventLog(columns), truth, source: dir };
  return searches.length > 0 ? { ...data, searches: byTime(searches) } : data;
}
