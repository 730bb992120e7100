import { HOUR_MS } from '../foundation/time.ts';
import type { Item, RecoEvent } from './types.ts';
import { lookup, type Vocab } from './vocab.ts';

/** One watch, as the models read it. `item` is the item's vocabulary index. */
export interface Watch {
  item: number;
  time: number;
  watchTimeSec?: number;
  device?: string;
  country?: string;
}

/** One impression and whether it led to a watch (and for how long). */
export interface Impression {
  item: number;
  time: number;
  watched: boolean;
  watchTimeSec?: number;
  device?: string;
  country?: string;
}

/** A user's interactions in time order. */
export interface Timeline {
  userId: string;
  watches: Watch[];
  impressions: Impression[];
  disliked: Set<number>;
  /** The user's search tokens (hashed buckets, 1-based) and when each was typed, time order; absent = none. */
  searches?: { tokens: Int32Array; times: Float64Array };
}

/** An impression counts as watched when a watch of the same item follows within this window. */
const WATCH_ATTRIBUTION_MS = 6 * HOUR_MS;

/**
 * Groups events (sorted by time) into per-user timelines over the item vocabulary. Events on
 * items outside the vocabulary are dropped: no model can score them. A re-watch is kept in the
 * watch list once (its first time), because the history bag models what the user has seen.
 */
export function buildTimelines(events: Iterable<RecoEvent>, items: Vocab): Map<string, Timeline> {
  const out = new Map<string, Timeline>();
  const openImpressions = new Map<string, Impression>(); // user \u0000 item -> last impression
  const watchedBy = new Map<string, Set<number>>();
  for (const e of events) {
    const item = lookup(items, e.itemId);
    if (item === 0) continue;
    let tl = out.get(e.userId);
    if (!tl) {
      tl = { userId: e.userId, watches: [], impressions: [], disliked: new Set() };
      out.set(e.userId, tl);
      watchedBy.set(e.userId, new Set());
    }
    const key = `${e.userId}\u0000${item}`;
    const ctx = { device: e.context?.device, country: e.context?.country };
    switch (e.type) {
      case 'impression': {
        const imp: Impression = { item, time: e.timestamp, watched: false, ...ctx };
        tl.impressions.push(imp);
        openImpressions.set(key, imp);
        break;
      }
      case 'watch': {
        const imp = openImpressions.get(key);
        if (imp && !imp.watched && e.timestamp - imp.time <= WATCH_ATTRIBUTION_MS) {
          imp.watched = true;
          imp.watchTimeSec = e.watchTime;
        }
        const seen = watchedBy.get(e.userId)!;
        if (!seen.has(item)) {
          seen.add(item);
          tl.watches.push({ item, time: e.timestamp, watchTimeSec: e.watchTime, ...ctx });
        }
        tl.disliked.delete(item);
        break;
      }
      case 'dislike':
        tl.disliked.add(item);
        break;
      default:
        break;
    }
  }
  return out;
}

/** Watch counts per item index: the popularity used for logQ correction and cold start. */
export function watchCounts(timelines: Iterable<Timeline>, numItems: number): Float64Array {
  const counts = new Float64Array(numItems);
  for (const tl of timelines) for (const w of tl.watches) counts[w.item]++;
  return counts;
}

/** Items by vocabulary index (index 0, the OOV bucket, is undefined). */
export function itemsByIndex(items: readonly Item[], vocab: Vocab): (Item | undefined)[] {
  const out: (Item | undefined)[] = new Array(vocab.ids.length).fill(undefined);
  for (const it of items) out[lookup(vocab, it.itemId)] = it;
  return out;
}
