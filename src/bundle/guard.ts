/**
 * The promotion guard of `reco train`: a freshly trained bundle replaces the served one only
 * when it does not shrink the world the service knows or recommend worse. Kept free of
 * TensorFlow.js so the server (the Retrainer) can read the codes without loading it.
 */

/**
 * `reco train` exit status when the guard refused the new bundle (1 = crash, 2 = a bad flag,
 * setting or data file: one line on stderr).
 */
export const REFUSED_EXIT_CODE = 3;

export type RefusalCode = 'CATALOGUE_SHRANK' | 'USERS_SHRANK' | 'QUALITY_DROPPED';

/**
 * How far the candidate's NDCG@10 may fall below the current bundle's, on the same validation
 * rows, before it counts as worse: this absolute margin plus QUALITY_SE_FACTOR standard errors
 * of the per-row difference. The standard-error term is what keeps small data honest: with a
 * few dozen validation users one retrain with one more event moves NDCG@10 by several
 * hundredths through noise alone, while on thousands of users a real drop of 0.02 is well
 * outside it. The absolute floor covers near-identical models, whose per-row differences (and
 * so their standard error) are close to zero and whose few flipped ranks are noise too.
 */
const QUALITY_TOLERANCE = 0.01;
const QUALITY_SE_FACTOR = 2;

/**
 * What the guard knows of a bundle. `quality`: retrieval NDCG@10 on the shared validation rows
 * (the held-out last watch of each user both bundles know, see shared-split.ts).
 */
export interface BundleFigures {
  version?: string;
  items: number;
  users: number;
  quality?: number;
}

/** Both bundles scored on the same validation rows (see shared-split.ts). */
export interface QualityComparison {
  rows: number;
  current: number;
  candidate: number;
  /** Standard error of the mean per-row difference (candidate − current). */
  diffSe: number;
}

/**
 * The one JSON line `reco train` prints on stdout (the only thing it prints there), so a
 * CronJob's log and the Retrainer read the same verdict.
 */
export interface TrainReport {
  status: 'served' | 'refused';
  code?: RefusalCode;
  /** Served although the guard said `overridden` (`--allow-shrink`). */
  overridden?: RefusalCode;
  /** One sentence, no paths. */
  message: string;
  current?: BundleFigures;
  candidate: BundleFigures;
  /** The new bundle's version when served. */
  modelVersion?: string;
  /** Validation rows the quality figures were measured on. */
  qualityRows?: number;
}

export interface GuardOptions {
  /** Largest share (0..1) of the catalogue or of the users the new bundle may lose. */
  maxShrink: number;
  /** Serve the new bundle whatever the checks say (an operator's deliberate choice). */
  allowShrink?: boolean;
}

const pct = (x: number) => `${Math.round(x * 100)} %`;

function shrink(current: number, candidate: number): number {
  return current > 0 ? (current - candidate) / current : 0;
}

/**
 * The first reason to refuse `candidate` in place of `current`, or undefined when it may be
 * served. Checked in this order because a smaller catalogue or user base also makes the
 * quality figures incomparable (fewer items to rank among scores higher).
 */
export function judge(
  current: BundleFigures,
  candidate: BundleFigures,
  quality: QualityComparison | undefined,
  opts: GuardOptions,
): { code: RefusalCode; message: string } | undefined {
  const of = current.version ? ` of the current bundle ${current.version}` : ' of the current bundle';
  const itemsLost = shrink(current.items, candidate.items);
  if (itemsLost > opts.maxShrink) {
    return {
      code: 'CATALOGUE_SHRANK',
      message:
        `the new bundle's catalogue has ${candidate.items} items, ${pct(itemsLost)} fewer than the ` +
        `${current.items}${of} (at most ${pct(opts.maxShrink)} may go)`,
    };
  }
  const usersLost = shrink(current.users, candidate.users);
  if (usersLost > opts.maxShrink) {
    return {
      code: 'USERS_SHRANK',
      message:
        `the new bundle knows ${candidate.users} users, ${pct(usersLost)} fewer than the ` +
        `${current.users}${of} (at most ${pct(opts.maxShrink)} may go)`,
    };
  }
  if (quality && quality.rows > 0) {
    const margin = QUALITY_TOLERANCE + QUALITY_SE_FACTOR * quality.diffSe;
    if (quality.candidate < quality.current - margin) {
      return {
        code: 'QUALITY_DROPPED',
        message:
          `the new bundle's retrieval NDCG@10 is ${quality.candidate.toFixed(4)} against ` +
          `${quality.current.toFixed(4)}${of} on the same ${quality.rows} of its users ` +
          `(more than the ${margin.toFixed(4)} noise margin lower)`,
      };
    }
  }
  return undefined;
}
