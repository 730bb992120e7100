import { readFile, realpath } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Item, RecoEvent, User } from '../data/types.ts';
import { BundleError } from '../errors.ts';
import type { BundleItems, BundleUser } from './contents.ts';
import { type Manifest, validateManifest } from './manifest.ts';
import { CURRENT } from './write.ts';

/** The bundle `current` points at, as the next training reads it. */
export interface PreviousBundle {
  dir: string;
  manifest: Manifest;
  items: Item[];
  users: BundleUser[];
}

/**
 * Reads `<modelsDir>/current`: undefined when there is none; `{ unreadable }` when it cannot be
 * read as this reco's bundle (an older format, damaged files): the server cannot serve it
 * either, so a training replaces it without merging or comparing.
 */
export async function readCurrentBundle(
  modelsDir: string,
): Promise<PreviousBundle | { unreadable: string } | undefined> {
  const dir = await realpath(join(modelsDir, CURRENT)).catch(() => undefined);
  if (!dir) return undefined;
  try {
    const manifest = validateManifest(
      JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')),
      basename(dir),
    );
    const items = JSON.parse(await readFile(join(dir, 'items.json'), 'utf8')) as BundleItems;
    const users = JSON.parse(await readFile(join(dir, 'users.json'), 'utf8')) as BundleUser[];
    if (!Array.isArray(items?.items) || !Array.isArray(users))
      throw new BundleError('items.json or users.json malformed');
    return { dir, manifest, items: items.items, users };
  } catch (e) {
    return { unreadable: `${basename(dir)}: ${(e as Error).message}` };
  }
}

/** The catalogue of a retrain: the previous bundle's items, updated by (and joined with) the fresh ones. */
export function mergeCatalogues(previous: readonly Item[], fresh: readonly Item[]): Item[] {
  const byId = new Map(previous.map((it) => [it.itemId, it]));
  for (const it of fresh) byId.set(it.itemId, it);
  return [...byId.values()];
}

/** Users with their demographics: the fresh records win, the previous bundle fills in the rest. */
export function mergeUsers(previous: readonly BundleUser[], fresh: readonly User[]): User[] {
  const byId = new Map<string, User>();
  for (const { watched: _w, disliked: _d, ...u } of previous) byId.set(u.userId, u);
  for (const u of fresh) byId.set(u.userId, u);
  return [...byId.values()];
}

/**
 * The previous bundle's users' histories as events, minus what the fresh sources already hold.
 *
 * Why replay them at all: a bundle is often trained from a data directory plus the store, and
 * the server's retraining (and `reco train --from-store`) reads the store alone. Without the
 * replay every user known only from that directory would vanish from the next bundle, and the
 * items only they watched would keep their vocabulary rows but learn nothing, which is the
 * "10 posted events shrink the world" attack by another route. users.json is all a bundle keeps
 * of them, so that is what is replayed: each first watch at its time, without a watch time (a
 * plain positive), and each standing dislike just after the user's last watch (it outlived
 * every watch, and a later fresh watch of the item still clears it). Impressions, re-watches
 * and watch times are not in a bundle and are lost to the ranker: to keep them, retrain with
 * the data directory (RECO_RETRAIN_DATA_DIR).
 *
 * Why this cannot double-count: a bundle's first-watch times are event timestamps, so a watch
 * the fresh sources hold (store and data directory both) is recognised by user, item and time
 * and not replayed; a dislike by user and item.
 */
export function replayHistories(previous: readonly BundleUser[], fresh: Iterable<RecoEvent>): RecoEvent[] {
  const key = (u: string, i: string, t?: number) => `${u}\u0000${i}\u0000${t ?? ''}`;
  const watched = new Set<string>();
  const disliked = new Set<string>();
  for (const e of fresh) {
    if (e.type === 'watch') watched.add(key(e.userId, e.itemId, e.timestamp));
    else if (e.type === 'dislike') disliked.add(key(e.userId, e.itemId));
  }
  const out: RecoEvent[] = [];
  for (const u of previous) {
    let last = 0;
    for (const [itemId, time] of u.watched ?? []) {
      last = Math.max(last, time);
      if (!watched.has(key(u.userId, itemId, time))) {
        out.push({ userId: u.userId, itemId, type: 'watch', timestamp: time });
      }
    }
    for (const itemId of u.disliked ?? []) {
      if (!disliked.has(key(u.userId, itemId)))
        out.push({ userId: u.userId, itemId, type: 'dislike', timestamp: last + 1 });
    }
  }
  return out;
}
