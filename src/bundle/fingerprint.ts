import { createHash } from 'node:crypto';
import type { Item, RecoEvent } from '../data/types.ts';

/** A short content hash of the training data, so a bundle says exactly what it learnt from. */
export function fingerprint(items: readonly Item[], events: Iterable<RecoEvent>): string {
  const h = createHash('sha256');
  for (const it of items) h.update(`${it.itemId}\u0001${it.topic}\u0001${it.publishedAt}\n`);
  for (const e of events)
    h.update(`${e.userId}\u0001${e.itemId}\u0001${e.type}\u0001${e.timestamp}\u0001${e.watchTime ?? ''}\n`);
  return h.digest('hex').slice(0, 16);
}
