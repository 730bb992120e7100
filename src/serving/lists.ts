import { recoError } from '../errors.ts';
import type { Engine, Recommendation, RecommendedItem, RecommendRequest } from './engine.ts';
import { CursorCodec } from './paging/cursor.ts';
import { ListCache, type ListCacheLimits } from './paging/list-cache.ts';
import { randomId } from './paging/random-id.ts';
import { type PlacementTable, pageSize, withPlacement } from './placements.ts';

/** One list request as the HTTP layer gives it: the engine's, with a placement and a cursor. */
export interface ListRequest extends Omit<RecommendRequest, 'k' | 'listSize'> {
  /** Items per page; absent: the placement's default. */
  k?: number;
  placement?: string;
  /** A previous page's nextCursor: the next page of that list. */
  cursor?: string;
}

export interface PagedRecommendation extends Recommendation {
  /** The computed list's id, the same on every page of it (POST /events takes it back). */
  recommendationId: string;
  nextCursor: string | null;
}

/** A computed list kept for its later pages. */
interface CachedList {
  userId: string;
  recommendationId: string;
  modelVersion: string;
  items: RecommendedItem[];
  placement?: string;
  k: number;
  /** The list-shaping parameters, canonical: a cursor request that repeats them must match. */
  shape: string;
}

/** Most items kept of one paged list (the candidates ranked bound it first: RECO_CANDIDATES). */
const MAX_LIST = 1000;

/** The paging settings' defaults (RECO_PAGE_TTL_MS, RECO_PAGE_CACHE_ENTRIES, RECO_PAGE_CACHE_BYTES). */
export const DEFAULT_PAGING: ListCacheLimits = { ttlMs: 60_000, maxEntries: 20_000, maxBytes: 64 * 2 ** 20 };

/** A recommendationId: 16 random bytes, base64url (unique without coordination between replicas). */
export const newRecommendationId = (): string => randomId(16);

/**
 * Recommendation lists with placements and paging: a first page computes the whole list once
 * (ranked as for its k, cut at MAX_LIST instead of k), answers its first k items and keeps the
 * rest for `ttlMs` (0: paging off) under a cursor; the next pages are cut from that same list,
 * so they are stable and never repeat an item. The list lives in this process only (cursor.ts).
 */
export class RecommendationLists {
  private readonly cache: ListCache<CachedList>;
  private readonly cursors = new CursorCodec();

  constructor(
    private readonly engine: Engine,
    readonly placements: PlacementTable,
    private readonly paging: ListCacheLimits,
    clock: () => number = Date.now,
  ) {
    this.cache = new ListCache(paging, clock);
  }

  /** Lists kept for paging and their estimated bytes (for /metrics). */
  stats(): { lists: number; bytes: number } {
    return { lists: this.cache.size, bytes: this.cache.bytes };
  }

  /** A first page (`paged: false`: a list that will not be paged, as a batch's) or a cursor's page. */
  async get(req: ListRequest, opts: { paged?: boolean } = {}): Promise<PagedRecommendation> {
    if (req.cursor !== undefined) return this.next(req, req.cursor);
    const p = this.placements.get(req.placement);
    const k = pageSize(req.k, p);
    const paged = (opts.paged ?? true) && this.paging.ttlMs > 0;
    const { placement: _, cursor: __, ...rest } = req;
    const rec = await this.engine.recommend({
      ...rest,
      ...withPlacement(req, p),
      k,
      ...(paged ? { listSize: MAX_LIST } : {}),
    });
    const recommendationId = newRecommendationId();
    const first = { ...rec, items: rec.items.slice(0, k), recommendationId, nextCursor: null };
    if (!paged || rec.items.length <= k) return first;
    const listId = this.cursors.newListId();
    const { userId, modelVersion, items } = rec;
    const cached = {
      userId,
      recommendationId,
      modelVersion,
      items,
      placement: req.placement,
      k,
      shape: shapeOf(req),
    };
    this.cache.put(listId, cached, bytesOf(items));
    return { ...first, nextCursor: this.cursors.issue(listId, k) };
  }

  /** The page a cursor points at, cut from the cached list; `exclude` drops more of what is left. */
  private next(req: ListRequest, cursor: string): PagedRecommendation {
    const at = this.cursors.read(cursor);
    const list = this.cache.get(at.listId);
    if (!list) throw recoError('CURSOR_EXPIRED', { reason: 'expired' });
    if (list.userId !== req.userId) throw recoError('INVALID_CURSOR', { reason: 'other_user' });
    // A cursor request that repeats any list-shaping parameter must repeat them all, the same.
    const shape = shapeOf(req);
    if (shape !== '{}' && shape !== list.shape)
      throw recoError('INVALID_CURSOR', { reason: 'other_request' });
    const k = pageSize(req.k ?? list.k, this.placements.get(list.placement));
    const excluded = new Set(req.exclude);
    // The list was ranked before any item hidden since: those leave its later pages too.
    const hidden = this.engine.hiddenItems?.();
    const items: RecommendedItem[] = [];
    let end = at.offset;
    for (; end < list.items.length && items.length < k; end++) {
      const item = list.items[end];
      if (!excluded.has(item.itemId) && !hidden?.has(item.itemId)) items.push(item);
    }
    const { userId, modelVersion, recommendationId } = list;
    const nextCursor = end < list.items.length ? this.cursors.issue(at.listId, end) : null;
    return { userId, modelVersion, items, recommendationId, nextCursor };
  }
}

/** The parameters that shape a list (not k, which only cuts it, nor exclude, which a page may add to). */
function shapeParts(req: ListRequest): Record<string, unknown> {
  const { placement, filters, rules, sources, pinned, context } = req;
  return { placement, filters, rules, sources, pinned, context, explain: req.explain || undefined };
}

/** Whether a value canonicalises to nothing: undefined, or an object whose fields all do. */
function blank(v: unknown): boolean {
  if (v === undefined) return true;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  for (const key of Object.keys(v)) if (!blank((v as Record<string, unknown>)[key])) return false;
  return true;
}

/** The shaping parameters as canonical JSON: undefined fields and empty objects left out, keys sorted. */
function shapeOf(req: ListRequest): string {
  const parts = shapeParts(req);
  // Most first pages shape nothing (a plain GET's rule overrides are all absent): '{}' without
  // sorting and serialising (~6 us of a first page's HTTP layer, measured).
  if (blank(parts)) return '{}';
  const canon = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canon);
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v).sort()) {
      const c = canon((v as Record<string, unknown>)[key]);
      if (c !== undefined && !(typeof c === 'object' && c !== null && Object.keys(c).length === 0))
        out[key] = c;
    }
    return out;
  };
  return JSON.stringify(canon(parts));
}

/** What a kept list costs in memory, roughly: the ids as UTF-16, a fixed share per item, the explanations. */
function bytesOf(items: readonly RecommendedItem[]): number {
  let bytes = 200;
  for (const it of items)
    bytes += 96 + 2 * it.itemId.length + (it.explain ? 2 * JSON.stringify(it.explain).length : 0);
  return bytes;
}
