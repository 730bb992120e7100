import type { Item } from '../types.ts';
import { createRng } from './rng.ts';

/**
 * Providers (creators, studios) for the demo world's items, skewed as real catalogues are: a
 * few big providers own many items and a long tail owns one or two each. Provider `pr` (1-based
 * `p1`, the biggest, first) has weight 1/r; each provider has a home topic, and an item draws its
 * provider among its topic's providers with probability 0.7 (big providers mostly make one kind
 * of thing), else among all. Providers do not change what users watch.
 *
 * Drawn from a stream of their own (seed + PROVIDER_STREAM), so adding them left the rest of the
 * world, its events and every figure measured on it, unchanged.
 */
const PROVIDER_STREAM = 7919;

/** Number of providers for a catalogue of `nItems`: 60 for the default 500 items. */
export function providerCount(nItems: number): number {
  return Math.max(3, Math.round(60 * (nItems / 500) ** 0.7));
}

/** The items with a `provider` each (new objects; the input is not modified). */
export function withProviders(items: readonly Item[], seed: number): Item[] {
  const rng = createRng(seed + PROVIDER_STREAM);
  const n = providerCount(items.length);
  const weights = Array.from({ length: n }, (_, r) => 1 / (r + 1));
  const topics = [...new Set(items.map((it) => it.topic))];
  const home = weights.map(() => topics[rng.int(topics.length)]);
  const byTopic = new Map(topics.map((t) => [t, [] as number[]]));
  home.forEach((t, p) => {
    byTopic.get(t)!.push(p);
  });
  return items.map((it) => {
    const local = byTopic.get(it.topic)!;
    const p =
      local.length > 0 && rng.next() < 0.7
        ? local[rng.weightedIndex(local.map((q) => weights[q]))]
        : rng.weightedIndex(weights);
    return { ...it, provider: `p${p + 1}` };
  });
}
