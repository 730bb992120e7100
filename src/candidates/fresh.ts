import { DAY_MS } from '../foundation/time.ts';
import { bestOf, type CandidateSource, innerProduct } from './source.ts';

/** Most items of the fresh window scored per request: a flood of uploads costs no more than this. */
const MAX_FRESH_POOL = 5000;

/**
 * Item indices newest first, rebuilt when the catalogue grows (cold-start items join the
 * served bundle), so a request finds its window by binary search instead of a catalogue scan.
 */
export class PublishOrder {
  private order: Int32Array = new Int32Array(0);
  private size = -1;

  /** Items published in [now − days, now], newest first (at most MAX_FRESH_POOL). */
  window(publishedAt: Float64Array, now: number, days: number): Int32Array {
    if (publishedAt.length !== this.size) {
      const idx = Array.from({ length: Math.max(0, publishedAt.length - 1) }, (_, i) => i + 1);
      idx.sort((a, b) => publishedAt[b] - publishedAt[a] || a - b);
      this.order = Int32Array.from(idx);
      this.size = publishedAt.length;
    }
    const from = firstAtOrBefore(this.order, publishedAt, now);
    const oldest = now - days * DAY_MS;
    let to = from;
    while (to < this.order.length && to - from < MAX_FRESH_POOL && publishedAt[this.order[to]] >= oldest)
      to++;
    return this.order.subarray(from, to);
  }
}

/** First position of `order` (newest first) whose item was published at or before `t`. */
function firstAtOrBefore(order: Int32Array, publishedAt: Float64Array, t: number): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (publishedAt[order[mid]] > t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `fresh`: items published in the last `days` days, best first by ψ(x)·v for this user (the item
 * tower embeds items trained after the bundle, so they are scored like the rest): "videos in the
 * news for freshness".
 */
export function freshSource(order: PublishOrder, days: number): CandidateSource {
  return {
    name: 'fresh',
    generate({ bundle, state, psi, now, scores }, quota) {
      if (quota <= 0) return { source: 'fresh', items: [] };
      const pool = order.window(bundle.itemTable.publishedAt, now, days);
      const vectors = bundle.itemVectors;
      const score = scores ? (i: number) => scores[i] : (i: number) => innerProduct(psi, vectors, i);
      return { source: 'fresh', items: bestOf(pool, score, quota, state) };
    },
  };
}
