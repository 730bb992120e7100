import type { Item } from '../data/types.ts';
import { lookup } from '../data/vocab.ts';
import { DAY_MS } from '../foundation/time.ts';
import type { FeatureSpec } from './spec.ts';

/** Per-item features in flat arrays indexed by item vocabulary index (0 = OOV, all zeros). */
export interface ItemTable {
  topic: Int32Array;
  durationSec: Float32Array;
  publishedAt: Float64Array;
  /** Number of watches in the training data. */
  watches: Float64Array;
  /** Watches in the TREND_WINDOW before the end of the training data: the trend at serving. */
  recentWatches: Float64Array;
  /** Training only: every watch time per item, for the trend as of any past moment. */
  watchLog?: WatchLog;
  /**
   * Provider per item as an index into `providers` (0 = none): what the provider cap groups by.
   * Absent in a table built by hand without providers (every item then has none).
   */
  provider?: Int32Array;
  /** Provider names by index (index 0, "", is "no provider"); {@link providerOf} interns new ones. */
  providers?: string[];
  /**
   * Serving only: 1 for an item hidden or retired since training (PATCH/DELETE /items/:itemId),
   * which every answer leaves out; absent = none. May be shorter than the vocabulary (items added
   * later are not hidden).
   */
  hidden?: Uint8Array;
}

/** The table's index for provider `name` (0 for none), added to `table.providers` when new. */
export function providerOf(table: ItemTable, name: string | undefined): number {
  if (name === undefined) return 0;
  table.providers ??= [''];
  const at = table.providers.indexOf(name);
  if (at > 0) return at;
  return table.providers.push(name) - 1;
}

/** Watch times per item in CSR form: item i's sorted times are times[offsets[i] .. offsets[i+1]). */
export interface WatchLog {
  offsets: Int32Array;
  times: Float64Array;
}

/** "Trending" looks at the last week: long enough to be stable, short enough to move. */
const TREND_WINDOW_MS = 7 * DAY_MS;

export function createWatchLog(
  watches: Iterable<{ item: number; time: number }>,
  numItems: number,
): WatchLog {
  const list = [...watches];
  const offsets = new Int32Array(numItems + 1);
  for (const w of list) offsets[w.item + 1]++;
  for (let i = 0; i < numItems; i++) offsets[i + 1] += offsets[i];
  const fill = offsets.slice(0, numItems);
  const times = new Float64Array(list.length);
  for (const w of list) times[fill[w.item]++] = w.time;
  for (let i = 0; i < numItems; i++) times.subarray(offsets[i], offsets[i + 1]).sort();
  return { offsets, times };
}

/** Index of the first of `times[lo..hi)` that is >= t. */
function lowerBound(times: Float64Array, lo: number, hi: number, t: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Watches of `item` in [time − TREND_WINDOW, time): from the log in training, else the snapshot. */
export function recentWatches(table: ItemTable, item: number, time: number): number {
  const log = table.watchLog;
  if (!log) return table.recentWatches[item];
  const lo = log.offsets[item];
  const hi = log.offsets[item + 1];
  return lowerBound(log.times, lo, hi, time) - lowerBound(log.times, lo, hi, time - TREND_WINDOW_MS);
}

/**
 * @param recent watches per item in the last TREND_WINDOW of the data; computed from `log` when
 * omitted (training), read from the bundle at serving.
 */
export function createItemTable(
  spec: FeatureSpec,
  items: readonly Item[],
  watches: Float64Array,
  source: { log: WatchLog } | { recent: Float64Array },
): ItemTable {
  const n = spec.items.ids.length;
  let recent: Float64Array;
  if ('log' in source) {
    let end = Number.NEGATIVE_INFINITY;
    for (const t of source.log.times) if (t > end) end = t;
    recent = new Float64Array(n);
    const table = { watchLog: source.log, recentWatches: recent } as ItemTable;
    for (let i = 0; i < n; i++) recent[i] = recentWatches(table, i, end + 1);
  } else {
    recent = source.recent;
  }
  const t: ItemTable = {
    topic: new Int32Array(n),
    durationSec: new Float32Array(n),
    publishedAt: new Float64Array(n),
    watches,
    recentWatches: recent,
    watchLog: 'log' in source ? source.log : undefined,
    provider: new Int32Array(n),
    providers: [''],
  };
  const interned = new Map<string, number>();
  for (const it of items) {
    const i = lookup(spec.items, it.itemId);
    if (i === 0) continue;
    t.topic[i] = lookup(spec.topics, it.topic);
    t.durationSec[i] = it.durationSec;
    t.publishedAt[i] = it.publishedAt;
    if (it.provider !== undefined) {
      let p = interned.get(it.provider);
      if (p === undefined) {
        p = t.providers!.push(it.provider) - 1;
        interned.set(it.provider, p);
      }
      t.provider![i] = p;
    }
  }
  return t;
}

/** The item table of a training run: trend counts come from the timelines' watch log. */
export function trainingItemTable(
  spec: FeatureSpec,
  items: readonly Item[],
  watches: Float64Array,
  timelines: Iterable<{ watches: readonly { item: number; time: number }[] }>,
): ItemTable {
  const log = createWatchLog(
    [...timelines].flatMap((tl) => tl.watches),
    spec.items.ids.length,
  );
  return createItemTable(spec, items, watches, { log });
}

/** Item age in days at `time` (0 for items published later, e.g. clock skew). */
export function itemAgeDays(table: ItemTable, item: number, time: number): number {
  return Math.max(0, (time - table.publishedAt[item]) / DAY_MS);
}
