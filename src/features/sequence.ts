import type { Timeline } from '../data/interactions.ts';
import type { User } from '../data/types.ts';
import { allocateExamples, dataEnd, exampleAge, type QueryExamples, writeExample } from './query.ts';
import type { FeatureSpec } from './spec.ts';

/**
 * Sequence training (RetrievalTrainConfig.sequenceTraining): instead of one example row per
 * (user, cut), the unit of a batch is a window of consecutive watches of one user, and every
 * position of it is a softmax example. The window's history embeddings are gathered once, and the
 * bags of all its positions come from one product with a causal band (SequenceBatch): position c
 * reads only the `historyLength` watches before it, with the weights a per-cut row would have.
 */

/** One window: the target positions [from, to) of one user's watches. */
export interface SequenceWindow {
  /** Index into SequenceSet.timelines. */
  user: number;
  from: number;
  to: number;
}

/** Every user's training watches, cut into windows of at most `width` target positions. */
export interface SequenceSet {
  timelines: readonly Timeline[];
  users: readonly (User | undefined)[];
  /** Per user: the item and the time of each watch (the timeline's, as plain arrays). */
  items: readonly number[][];
  times: readonly number[][];
  windows: SequenceWindow[];
  /** Most target positions in a window. */
  width: number;
  /** Training examples (target positions) in all. */
  positions: number;
  /** The example-age feature's reference time (0 = the feature is off). */
  exampleAgeEnd: number;
}

/**
 * The training positions of `timelines` as windows: the same examples as buildRetrievalData's
 * training rows (every watch, but each user's last one when `holdOut` and the user has two or
 * more). A user's positions are split into the fewest windows of at most `width`, of even sizes.
 */
export function buildSequenceSet(
  timelines: Iterable<Timeline>,
  users: ReadonlyMap<string, User>,
  width: number,
  holdOut = true,
  withExampleAge = false,
): SequenceSet {
  if (!Number.isInteger(width) || width < 1) throw new RangeError(`sequence window: ${width}`);
  const tls = [...timelines];
  const windows: SequenceWindow[] = [];
  let positions = 0;
  tls.forEach((tl, user) => {
    const n = tl.watches.length - (holdOut && tl.watches.length >= 2 ? 1 : 0);
    positions += n;
    const parts = Math.ceil(n / width);
    for (let k = 0; k < parts; k++)
      windows.push({ user, from: Math.floor((k * n) / parts), to: Math.floor(((k + 1) * n) / parts) });
  });
  return {
    timelines: tls,
    users: tls.map((tl) => users.get(tl.userId)),
    items: tls.map((tl) => tl.watches.map((w) => w.item)),
    times: tls.map((tl) => tl.watches.map((w) => w.time)),
    windows,
    width,
    positions,
    exampleAgeEnd: withExampleAge ? dataEnd(tls) : 0,
  };
}

/**
 * A batch of windows as the query tower reads it in one pass. Window w's slot s holds the watch
 * at index from − historyLength + s of its user (0 before the first watch), s < span =
 * historyLength + width − 1; each band is [windows, width, span]: the weight of slot s in the
 * bag of the window's position c, zero outside c ≤ s < c + historyLength (the causal band: a
 * position never reads its own watch or a later one).
 */
export interface SequenceBatch {
  windows: number;
  width: number;
  span: number;
  /** [windows * span] item index of each slot. */
  slotIds: Int32Array;
  meanBand: Float32Array;
  recentBand: Float32Array;
  /** The last watch before each position as a one-hot bag. */
  lastBand: Float32Array;
  timeBand: Float32Array;
  /** Real positions (windows shorter than `width` leave cells empty). */
  size: number;
  /** [size] cell (window * width + c) of each real position, in window order. */
  cells: Int32Array;
  /** [size * denseWidth] user + context features of each position. */
  dense: Float32Array;
}

export interface SequenceExamples {
  batch: SequenceBatch;
  /**
   * The same positions as per-cut rows (what buildRetrievalData writes for them): the labels,
   * the history each position reads (hard negatives exclude it), and the reference the band
   * is checked against.
   */
  rows: QueryExamples;
  /** [size] the user of each position (sequence training masks a user's other watches as negatives). */
  groups: Int32Array;
}

/**
 * The batch of the given windows of `set`.
 * Over 60 lines because it fills the slot ids, the four bands and the per-cut rows in one pass
 * over each window's cells: split, each part would walk the same cells again with the same offsets.
 */
export function sequenceBatch(
  spec: FeatureSpec,
  set: SequenceSet,
  windowIdx: ArrayLike<number>,
): SequenceExamples {
  const n = spec.historyLength;
  const width = set.width;
  const span = n + width - 1;
  const nw = windowIdx.length;
  let size = 0;
  for (let i = 0; i < nw; i++) {
    const w = set.windows[windowIdx[i]];
    size += w.to - w.from;
  }
  const rows = allocateExamples(spec, size);
  const slotIds = new Int32Array(nw * span);
  const bands = [0, 1, 2, 3].map(() => new Float32Array(nw * width * span));
  const [meanBand, recentBand, lastBand, timeBand] = bands;
  const cells = new Int32Array(size);
  const groups = new Int32Array(size);
  let r = 0;
  for (let i = 0; i < nw; i++) {
    const win = set.windows[windowIdx[i]];
    const tl = set.timelines[win.user];
    const user = set.users[win.user];
    const items = set.items[win.user];
    const times = set.times[win.user];
    for (let s = 0; s < span; s++) {
      const at = win.from - n + s;
      slotIds[i * span + s] = at >= 0 && at < items.length ? items[at] : 0;
    }
    for (let p = win.from; p < win.to; p++, r++) {
      const w = tl.watches[p];
      const lo = Math.max(0, p - n);
      const exampleAgeDays = set.exampleAgeEnd ? exampleAge(set.exampleAgeEnd, w.time) : 0;
      writeExample(
        spec,
        rows,
        r,
        items.slice(lo, p),
        user,
        { ...w, exampleAgeDays },
        w.item,
        times.slice(lo, p),
      );
      const c = p - win.from;
      cells[r] = i * width + c;
      groups[r] = win.user;
      // Row slot k (right-aligned: watch p − n + k) is window slot c + k.
      const band = (i * width + c) * span + c;
      meanBand.set(rows.meanWeights.subarray(r * n, (r + 1) * n), band);
      recentBand.set(rows.recentWeights.subarray(r * n, (r + 1) * n), band);
      timeBand.set(rows.timeWeights.subarray(r * n, (r + 1) * n), band);
      // As the per-cut query: the last slot even when it is padding (row 0, the first watch).
      lastBand[band + n - 1] = 1;
    }
  }
  return {
    batch: {
      windows: nw,
      width,
      span,
      slotIds,
      meanBand,
      recentBand,
      lastBand,
      timeBand,
      size,
      cells,
      dense: rows.dense,
    },
    rows,
    groups,
  };
}
