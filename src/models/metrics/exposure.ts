/**
 * Exposure: how evenly the lists a model serves spread their slots over items and providers.
 * Pure functions over counts; `reco evaluate` counts top-10 slots per item, the long-tail rule
 * reads {@link headItems}.
 */

/** The head the long-tail share and the long-tail rule default to: the 20 % most watched items. */
export const DEFAULT_HEAD_PERCENT = 20;

/**
 * Gini coefficient of non-negative values: 0 when all are equal, (n − 1)/n when one holds
 * everything. G = Σᵢ (2i − n − 1)·x₍ᵢ₎ / (n·Σx), x sorted ascending, i from 1. 0 for no values
 * or an all-zero total.
 */
export function gini(values: ArrayLike<number>): number {
  const xs = Float64Array.from(values).sort();
  const n = xs.length;
  let total = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    total += xs[i];
    weighted += (2 * (i + 1) - n - 1) * xs[i];
  }
  return n === 0 || total <= 0 ? 0 : weighted / (n * total);
}

/**
 * The head of the catalogue: 1 for the ⌈percent % of items⌉ most watched (index 0, the OOV slot,
 * excluded; ties by lower index), never an item with no watches. Everything else is the tail.
 */
export function headItems(popularity: ArrayLike<number>, percent: number): Uint8Array {
  const n = popularity.length;
  const head = new Uint8Array(n);
  const size = Math.ceil((Math.max(0, percent) / 100) * Math.max(0, n - 1));
  const order = Array.from({ length: Math.max(0, n - 1) }, (_, i) => i + 1)
    .filter((i) => popularity[i] > 0)
    .sort((a, b) => popularity[b] - popularity[a] || a - b);
  for (const i of order.slice(0, size)) head[i] = 1;
  return head;
}

/** Per group g = 1..numGroups − 1 the sum of `counts` over its items (group 0, none, is left out). */
export function groupTotals(
  counts: ArrayLike<number>,
  groupOf: ArrayLike<number>,
  numGroups: number,
): Float64Array {
  const totals = new Float64Array(Math.max(0, numGroups - 1));
  for (let i = 0; i < counts.length; i++) {
    const g = groupOf[i];
    if (g > 0) totals[g - 1] += counts[i];
  }
  return totals;
}

/** Share of all slots that went to tail items (head[i] = 0); 0 when nothing was shown. */
export function longTailShare(counts: ArrayLike<number>, head: Uint8Array): number {
  let all = 0;
  let tail = 0;
  for (let i = 0; i < counts.length; i++) {
    all += counts[i];
    if (head[i] !== 1) tail += counts[i];
  }
  return all > 0 ? tail / all : 0;
}

/** Providers of a catalogue as indices per item (0 = none) and how many there are (+1 for none). */
export interface ItemProviders {
  provider: Int32Array;
  count: number;
}

/** `items`' providers by the index `indexOf` gives each item id (items it maps to 0 are left out). */
export function itemProviders(
  items: readonly { itemId: string; provider?: string }[],
  indexOf: (itemId: string) => number,
  numItems: number,
): ItemProviders | undefined {
  const names = new Map<string, number>();
  const provider = new Int32Array(numItems);
  for (const it of items) {
    const i = indexOf(it.itemId);
    if (i <= 0 || it.provider === undefined) continue;
    if (!names.has(it.provider)) names.set(it.provider, names.size + 1);
    provider[i] = names.get(it.provider)!;
  }
  return names.size > 0 ? { provider, count: names.size + 1 } : undefined;
}

export interface ExposureMetrics {
  /** Gini of top-10 slots over the catalogue's items (OOV slot excluded). */
  itemGini: number;
  /** Gini of top-10 slots over providers (absent when no item has one). */
  providerGini?: number;
  /** Share of top-10 slots held by items outside the head. */
  longTailShare: number;
}

/** The exposure summary of slot counts per item (index 0, OOV, ignored). */
export function exposureMetrics(
  counts: Float64Array,
  head: Uint8Array,
  providers?: ItemProviders,
): ExposureMetrics {
  const items = counts.subarray(1);
  return {
    itemGini: gini(items),
    ...(providers ? { providerGini: gini(groupTotals(counts, providers.provider, providers.count)) } : {}),
    longTailShare: longTailShare(items, head.subarray(1)),
  };
}
