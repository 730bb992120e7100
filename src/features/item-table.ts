import type { Item } from '../data/types.ts';
import { lookup } from '../data/vocab.ts';
import type { FeatureSpec } from './spec.ts';

/** Per-item features in flat arrays indexed by item vocabulary index (0 = OOV, all zeros). */
export interface ItemTable {
  topic: Int32Array;
  durationSec: Float32Array;
  publishedAt: Float64Array;
  /** Number of watches in the training data. */
  watches: Float64Array;
}

export function createItemTable(spec: FeatureSpec, items: readonly Item[], watches: Float64Array): ItemTable {
  const n = spec.items.ids.length;
  const t: ItemTable = {
    topic: new Int32Array(n),
    durationSec: new Float32Array(n),
    publishedAt: new Float64Array(n),
    watches,
  };
  for (const it of items) {
    const i = lookup(spec.items, it.itemId);
    if (i === 0) continue;
    t.topic[i] = lookup(spec.topics, it.topic);
    t.durationSec[i] = it.durationSec;
    t.publishedAt[i] = it.publishedAt;
  }
  return t;
}

const DAY_MS = 86_400_000;

/** Item age in days at `time` (0 for items published later, e.g. clock skew). */
export function itemAgeDays(table: ItemTable, item: number, time: number): number {
  return Math.max(0, (time - table.publishedAt[item]) / DAY_MS);
}
