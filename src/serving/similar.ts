import type { LoadedBundle } from '../bundle/read.ts';
import type { UserIndex } from '../candidates/user-index.ts';
import { lookup } from '../data/vocab.ts';
import { recoError } from '../errors.ts';
import type { SearchResult } from '../index/candidate-index.ts';
import type { SimilarItems, SimilarRequest, SimilarUsers, SimilarUsersRequest } from './engine.ts';
import { embedQuery } from './stages/candidates.ts';
import type { UserState } from './user-state.ts';

/** Neighbours fetched at least, so a cached answer serves every k up to 100. */
const MIN_NEIGHBOURS = 101;

/** The `limit` most watched items (indices 1..watches.length-1), most watched first. */
export function popularItems(watches: ArrayLike<number>, limit: number): Set<number> {
  const order = Array.from({ length: watches.length - 1 }, (_, i) => i + 1)
    .sort((x, y) => watches[y] - watches[x])
    .slice(0, limit);
  return new Set(order);
}

/**
 * Neighbours in embedding space of one bundle's items, kept for its most popular items, whose
 * neighbours are asked for most (filled lazily: precomputing them all stalled the event loop
 * for ~0.1 s at every reload).
 */
export class NeighbourCache {
  private readonly found = new Map<number, SearchResult>();
  private readonly popular: Set<number>;

  constructor(
    readonly bundle: LoadedBundle | undefined,
    size: number,
  ) {
    this.popular = bundle ? popularItems(bundle.itemTable.watches, size) : new Set();
  }

  /** At least `want` nearest items to `item` by inner product; the item itself is usually among them. */
  neighbours(b: LoadedBundle, item: number, want: number): SearchResult {
    const cached = this.bundle === b ? this.found.get(item) : undefined;
    if (cached && cached.items.length >= want) return cached;
    const dim = b.manifest.dims.dim;
    const found = b.index.search(
      b.itemVectors.subarray(item * dim, (item + 1) * dim),
      Math.max(want, MIN_NEIGHBOURS),
    );
    if (this.bundle === b && this.popular.has(item)) this.found.set(item, found);
    return found;
  }
}

/**
 * The first `k` neighbours that are neither the item itself, nor hidden from the catalogue, nor
 * watched or disliked by the user.
 */
export function relatedItems(
  ids: readonly string[],
  item: number,
  neighbours: SearchResult,
  k: number,
  state?: UserState,
  hidden?: Uint8Array,
): SimilarItems['items'] {
  const skip = (i: number) =>
    i === item || hidden?.[i] === 1 || state?.watchedAt.has(i) || state?.disliked.has(i);
  return neighbours.items
    .map((i, r) => ({ i, score: neighbours.scores[r] }))
    .filter(({ i }) => !skip(i))
    .slice(0, k)
    .map(({ i, score }, r) => ({ itemId: ids[i], score, rank: r + 1 }));
}

/** How many neighbours can hold k answers once the item and the user's seen items are skipped. */
export function neighboursWanted(k: number, state?: UserState): number {
  return k + 1 + (state ? state.watchedAt.size + state.disliked.size : 0);
}

/**
 * Closest users: the nearest indexed users to this user's ψ(x), computed now from their state
 * (a user with no watches is placed by profile and context). Unknown anywhere: 404.
 */
export function closestUsers(
  b: Pick<LoadedBundle, 'spec' | 'retrieval' | 'users' | 'manifest'>,
  state: UserState,
  index: Pick<UserIndex, 'nearest'>,
  req: SimilarUsersRequest,
  now: number,
): SimilarUsers {
  const known =
    b.users.has(req.userId) || state.watched.length > 0 || state.disliked.size > 0 || state.profile;
  if (!known) throw recoError('USER_NOT_FOUND', { userId: req.userId });
  const query = embedQuery(b.spec, b.retrieval, state, {}, now);
  const users = index
    .nearest(query.psi, req.k, req.userId)
    .map((u, r) => ({ userId: u.userId, score: u.score, rank: r + 1 }));
  return { userId: req.userId, modelVersion: b.manifest.version, users };
}

/** GET /items/:itemId/similar on bundle `b`: the item's neighbours less the user's seen ones. */
export function similarItems(
  b: LoadedBundle,
  cache: NeighbourCache,
  req: SimilarRequest,
  state?: UserState,
): SimilarItems {
  const item = lookup(b.spec.items, req.itemId);
  const { hidden } = b.itemTable;
  // A hidden item is out of the catalogue for every answer, its own neighbours included.
  if (item === 0 || hidden?.[item] === 1) throw recoError('ITEM_NOT_FOUND', { itemId: req.itemId });
  const skipped = hidden ? hidden.reduce((n, h) => n + h, 0) : 0;
  const found = cache.neighbours(b, item, neighboursWanted(req.k, state) + skipped);
  const items = relatedItems(b.spec.items.ids, item, found, req.k, state, hidden);
  return { itemId: req.itemId, modelVersion: b.manifest.version, items };
}
