import { isRecoError, type RecoError, recoError } from '../errors.ts';
import type { StageTimings } from './engine.ts';
import type { ListRequest, PagedRecommendation, RecommendationLists } from './lists.ts';

/** RECO_BATCH_USER_BUDGET_MS's default. */
export const DEFAULT_BATCH_USER_BUDGET_MS = 2000;

/** Most users of one batch (POST /recommendations/batch; more: 400). */
export const MAX_BATCH_USERS = 100;

/**
 * Users computed at once. Their state reads overlap (the store's I/O), their ranking does not
 * (one thread), so a few in flight keep the store busy without letting a hundred state reads
 * start before the first list is ranked, which would spend every user's budget waiting.
 */
const CONCURRENCY = 4;

/** One user of a batch: the id, and its request (read inside the user's turn: a bad one fails alone). */
export interface BatchRequest {
  userId: string;
  request: () => ListRequest;
}

export type BatchEntry =
  | ({ status: 200 } & Omit<PagedRecommendation, 'timings' | 'nextCursor'>)
  | { userId: string; status: number; error: { code: string; message: string; details?: unknown } };

/**
 * One list per request, in order, each with its own status: a user that fails (a bad id, an
 * unknown placement, no bundle) or takes longer than `budgetMs` from when its turn began is
 * answered in place with the error body, and the others are not held up. Batch lists are not
 * paged (an email or a push is sent once). `onError` sees the faults that are not RecoErrors
 * (answered as INTERNAL_ERROR, without their internals).
 */
export async function recommendBatch(
  lists: RecommendationLists,
  requests: readonly BatchRequest[],
  budgetMs: number,
  hooks: { onTimings?: (t: StageTimings) => void; onError?: (e: unknown) => void } = {},
): Promise<BatchEntry[]> {
  const out: BatchEntry[] = new Array(requests.length);
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const i = next++;
      out[i] = await one(lists, requests[i], budgetMs, hooks);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, requests.length) }, worker));
  return out;
}

async function one(
  lists: RecommendationLists,
  req: BatchRequest,
  budgetMs: number,
  hooks: { onTimings?: (t: StageTimings) => void; onError?: (e: unknown) => void },
): Promise<BatchEntry> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(recoError('USER_BUDGET_EXCEEDED', { ms: budgetMs })), budgetMs);
  });
  try {
    const work = lists.get(req.request(), { paged: false });
    // A list that finishes after its budget is dropped; its rejection must not go unhandled.
    work.catch(() => {});
    const { timings, nextCursor: _, ...rec } = await Promise.race([work, late]);
    if (timings) hooks.onTimings?.(timings);
    return { status: 200, ...rec };
  } catch (e) {
    if (!isRecoError(e)) hooks.onError?.(e);
    const err: RecoError = isRecoError(e) ? e : recoError('INTERNAL_ERROR');
    const error = {
      code: err.code,
      message: err.message,
      ...(err.details === undefined ? {} : { details: err.details }),
    };
    return { userId: req.userId, status: err.statusCode, error };
  } finally {
    clearTimeout(timer);
  }
}
