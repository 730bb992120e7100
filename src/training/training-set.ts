import { existsSync } from 'node:fs';
import { mergeCatalogues, mergeUsers, type PreviousBundle, replayHistories } from '../bundle/previous.ts';
import { completeCatalogue } from '../data/catalogue.ts';
import type { Dataset } from '../data/loaders/jsonl.ts';
import { type DataFormat, loadDataset } from '../data/loaders/load.ts';
import type { MovieLensOptions } from '../data/loaders/movielens.ts';
import { mergeEvents } from '../data/merge-events.ts';
import type { EventLog, Item, RecoEvent, SearchEvent } from '../data/types.ts';
import { ConfigError } from '../errors.ts';
import { isPostgresUrl, openEventStore, redactLocation } from '../events/open.ts';

/** Where `reco train` reads its data. */
export interface TrainSource {
  /** A reco or MovieLens data directory; undefined = the event store alone. */
  dataDir?: string;
  format?: DataFormat;
  movielens?: MovieLensOptions;
  /** SQLite file or postgres:// URL of a reco service whose stored events are added. */
  eventsDb?: string;
}

/** A line for the operator (stderr); a no-op when quiet. */
export type Log = (line: string) => void;

/** The stored events, and the posted items joined to (or updating) the catalogue. */
async function readStore(
  eventsDb: string,
  events: EventLog,
  catalogue: Item[],
  log: Log,
  searches: SearchEvent[] = [],
): Promise<{ events: EventLog; catalogue: Item[]; searches: SearchEvent[]; left: Omitted }> {
  const where = redactLocation(eventsDb);
  if (!isPostgresUrl(eventsDb) && !existsSync(eventsDb))
    throw new ConfigError(`--events: no event store at ${where}`);
  const store = await openEventStore(eventsDb);
  try {
    const stored: RecoEvent[] = [];
    for await (const e of store.all()) stored.push(e);
    const typed: SearchEvent[] = [];
    for await (const s of store.searches()) typed.push(s);
    const posted = await store.items();
    const flags = await store.itemFlags();
    const retired = new Set([...flags].filter(([, f]) => f.retired).map(([id]) => id));
    const left = { erased: await store.erasedUsers(), flagged: new Set(flags.keys()), retired };
    const byId = new Map(catalogue.map((it) => [it.itemId, it]));
    for (const it of posted) byId.set(it.itemId, it);
    const also = typed.length > 0 ? `, ${typed.length} searches` : '';
    log(`read ${stored.length} stored events${also} and ${posted.length} items from ${where}`);
    return {
      // Merging makes one array of objects: only when the store holds something to merge.
      events: stored.length > 0 ? mergeEvents(events, stored) : events,
      catalogue: [...byId.values()],
      searches: mergeEvents(searches, typed),
      left,
    };
  } finally {
    await store.close();
  }
}

/** What the store says training must leave out: erased users (with when), hidden and retired items. */
interface Omitted {
  erased: ReadonlyMap<string, number>;
  flagged: ReadonlySet<string>;
  /** Retired items also leave the catalogue; a hidden one stays in it (unhiding brings it back). */
  retired: ReadonlySet<string>;
}

/**
 * An erased user's records from before their erasure (from a data directory or the previous
 * bundle's snapshot: the store holds none) and every record of a hidden or retired item are
 * dropped, so a bundle trained after DELETE /users/:userId or /items/:itemId never sees them.
 */
function omit<E extends { userId: string; timestamp: number; itemId?: string }, L extends Iterable<E>>(
  list: L,
  o: Omitted,
): L | E[] {
  if (o.erased.size + o.flagged.size === 0) return list;
  const out: E[] = [];
  for (const e of list) {
    const at = o.erased.get(e.userId);
    if ((at === undefined || e.timestamp > at) && !(e.itemId !== undefined && o.flagged.has(e.itemId)))
      out.push(e);
  }
  return out;
}

/**
 * The training set of a `reco train` call: the data directory and/or the event store, merged,
 * and with `previous` (the current bundle) its catalogue, users and histories too, so that a
 * retrain from a store that holds only some of what the served bundle knows keeps the rest.
 */
export async function loadTrainingData(
  src: TrainSource,
  log: Log,
  previous?: PreviousBundle,
): Promise<Dataset> {
  const { dataDir, eventsDb } = src;
  const data: Dataset = dataDir
    ? await loadDataset(dataDir, src.format, src.movielens)
    : { items: [], users: [], events: [], source: '' };
  let { events, items: catalogue, users, searches } = data;
  let source = dataDir ?? '';
  let left: Omitted = { erased: new Map(), flagged: new Set(), retired: new Set() };
  if (eventsDb) {
    ({ events, catalogue, searches, left } = await readStore(eventsDb, events, catalogue, log, searches));
    const where = redactLocation(eventsDb);
    source = dataDir ? `${dataDir} + ${where}` : where;
  }
  if (previous) {
    const kept = previous.users.filter((u) => !left.erased.has(u.userId));
    previous = {
      ...previous,
      users: kept,
      items: previous.items.filter((it) => !left.retired.has(it.itemId)),
    };
    const replayed = replayHistories(previous.users, events);
    if (replayed.length > 0) events = mergeEvents(events, replayed);
    catalogue = mergeCatalogues(previous.items, catalogue);
    users = mergeUsers(previous.users, users);
    const version = previous.manifest.version;
    source = source ? `${source} + bundle ${version}` : `bundle ${version}`;
    log(
      `kept the ${previous.items.length} items and ${previous.users.length} users of the current bundle ${version} ` +
        `(${replayed.length} history events not in the given sources replayed; --fresh to leave them out)`,
    );
  }
  events = omit(events, left);
  if (searches) searches = omit(searches, left);
  catalogue = catalogue.filter((it) => !left.retired.has(it.itemId));
  // Erased users keep no profile unless they came back (their later events are kept).
  if (left.erased.size > 0) {
    const back = new Set<string>();
    for (const e of events) back.add(e.userId);
    users = users.filter((u) => !left.erased.has(u.userId) || back.has(u.userId));
  }
  if (left.erased.size + left.flagged.size > 0)
    log(`left out ${left.erased.size} erased users and ${left.flagged.size} hidden or retired items`);
  if (events.length === 0) throw new ConfigError(`no events to train on in ${source || 'the given sources'}`);
  return {
    ...data,
    items: completeCatalogue(catalogue, events),
    users,
    events,
    source,
    ...(searches?.length ? { searches } : {}),
  };
}
