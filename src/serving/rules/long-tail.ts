import type { LongTailParams } from '../../bundle/rules-config.ts';
import { headItems } from '../../models/metrics/exposure.ts';
import { CAP_PAGE } from './diversity.ts';
import type { Candidate, Rule } from './rule.ts';

/** The head per (popularity array, percent): computed once per bundle (a new array after cold start). */
const heads = new WeakMap<Float64Array, Map<number, Uint8Array>>();

function cachedHead(watches: Float64Array, percent: number): Uint8Array {
  const byPercent = heads.get(watches) ?? new Map<number, Uint8Array>();
  heads.set(watches, byPercent);
  const head = byPercent.get(percent) ?? headItems(watches, percent);
  byPercent.set(percent, head);
  return head;
}

/**
 * Long-tail exposure floor: in each page of 10 positions of the top k, at least `minItems` items
 * from outside the head (the `headPercent` % most watched items of training), when the
 * candidates allow it at a small cost. While a page has too few tail items, the best-scoring tail
 * item below the page takes the place of the page's last head item, if it scores at least
 * (1 − margin) × that item's score; it goes to the page's end, the head item it displaced to the
 * top of what follows, and everything else keeps its order. When no tail candidate is within the
 * margin the page stays as it is.
 */
export function longTailFloor(p: LongTailParams): Rule {
  return {
    name: 'long-tail',
    apply: (list, { items, k }) => {
      if (p.minItems <= 0 || list.length < 2) return [...list];
      const head = cachedHead(items.watches, p.headPercent);
      const out = [...list];
      for (let start = 0; start < Math.min(k, out.length); start += CAP_PAGE) {
        const end = Math.min(start + CAP_PAGE, k, out.length);
        fillPage(out, start, end, Math.min(p.minItems, end - start), head, p.margin);
      }
      return out;
    },
  };
}

/** Raises page out[start..end)'s tail count towards `want` in place, as {@link longTailFloor} says. */
function fillPage(
  out: Candidate[],
  start: number,
  end: number,
  want: number,
  head: Uint8Array,
  margin: number,
): void {
  const isTail = (c: Candidate) => head[c.item] !== 1;
  let have = 0;
  for (let i = start; i < end; i++) if (isTail(out[i])) have++;
  while (have < want) {
    let last = -1;
    for (let i = end - 1; i >= start && last < 0; i--) if (!isTail(out[i])) last = i;
    let best = -1;
    for (let i = end; i < out.length; i++)
      if (isTail(out[i]) && (best < 0 || out[i].score > out[best].score)) best = i;
    if (last < 0 || best < 0) return;
    const displaced = out[last];
    if (out[best].score < displaced.score - margin * Math.abs(displaced.score)) return;
    const [promoted] = out.splice(best, 1);
    out.splice(last, 1);
    out.splice(end - 1, 0, promoted);
    out.splice(end, 0, displaced);
    have++;
  }
}
