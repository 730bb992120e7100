import type { QualityComparison } from '../bundle/guard.ts';
import type { LoadedBundle } from '../bundle/read.ts';
import { buildTimelines } from '../data/interactions.ts';
import { holdOutLast } from '../data/split.ts';
import type { User } from '../data/types.ts';
import { lookup } from '../data/vocab.ts';
import { allocateExamples, selectRows, writeExample } from '../features/query.ts';
import { rankOf } from '../models/top-k.ts';
import { readTidy } from '../runtime/read.ts';
import { tf } from '../runtime/tf.ts';
import type { TrainingInput } from './pipeline.ts';

/** One validation row in item-id space, so each bundle can encode it in its own vocabulary. */
interface Row {
  user: User | undefined;
  before: string[];
  times: number[];
  label: string;
  time: number;
  device?: string;
  country?: string;
}

/**
 * The candidate's own validation rows (each user's last watch of the new training data after
 * the watches before it, leave-last-out as the pipeline holds out), for the users the current
 * bundle already knows. Neither bundle trained on these rows: the candidate held them out, and
 * the current bundle had either held out the same watch or never seen it (it came later).
 *
 * Only known users, because the question is "does the new model serve the people served now
 * at least as well": the current model cannot know a newcomer's items, so newcomers would only
 * measure that, and whoever posts many new users (the attack this guards against) would decide
 * the verdict.
 */
function validationRows(
  current: LoadedBundle,
  candidate: LoadedBundle,
  data: TrainingInput,
  maxRows: number,
): Row[] {
  const users = new Map(data.users.map((u) => [u.userId, u]));
  const ids = candidate.spec.items.ids;
  const rows: Row[] = [];
  for (const tl of buildTimelines(data.events, candidate.spec.items).values()) {
    const held = current.users.has(tl.userId) ? holdOutLast(tl) : undefined;
    if (!held) continue;
    const last = held.test;
    const prior = held.train.watches;
    rows.push({
      user: users.get(tl.userId),
      before: prior.map((w) => ids[w.item]),
      times: prior.map((w) => w.time),
      label: ids[last.item],
      time: last.time,
      device: last.device,
      country: last.country,
    });
    if (rows.length >= maxRows) break;
  }
  return rows;
}

/**
 * Per-row NDCG@10 of one bundle's retrieval over its whole catalogue (what it would serve). A
 * history item the bundle does not know drops out of the query; a label it does not know is a
 * miss: that is the bundle's real answer to that user.
 */
function ndcgPerRow(bundle: LoadedBundle, rows: readonly Row[]): Float64Array {
  const { spec } = bundle;
  const numItems = spec.items.ids.length;
  const dim = bundle.manifest.dims.dim;
  const ex = allocateExamples(spec, rows.length);
  const exclude: Set<number>[] = [];
  rows.forEach((row, r) => {
    const before: number[] = [];
    const times: number[] = [];
    row.before.forEach((id, k) => {
      const i = lookup(spec.items, id);
      if (i === 0) return;
      before.push(i);
      times.push(row.times[k]);
    });
    const ctx = { device: row.device, country: row.country, time: row.time };
    writeExample(spec, ex, r, before, row.user, ctx, lookup(spec.items, row.label), times);
    exclude.push(new Set(before));
  });
  const out = new Float64Array(rows.length);
  const items = tf.tensor2d(bundle.itemVectors, [numItems, dim]);
  try {
    const chunk = Math.max(1, Math.floor(4_000_000 / numItems));
    for (let start = 0; start < rows.length; start += chunk) {
      const idx = Array.from({ length: Math.min(chunk, rows.length - start) }, (_, i) => start + i);
      const batch = selectRows(spec, ex, idx);
      const scores = readTidy(() => tf.matMul(bundle.retrieval.query(batch), items, false, true));
      idx.forEach((r, i) => {
        const label = ex.labels[r];
        if (label === 0) return;
        const rank = rankOf(scores, label, {
          offset: i * numItems,
          length: numItems,
          from: 1,
          exclude: exclude[r],
        });
        out[r] = rank < 10 ? 1 / Math.log2(rank + 2) : 0;
      });
    }
  } finally {
    items.dispose();
  }
  return out;
}

/**
 * Scores the current and the candidate bundle on the same validation rows (the candidate's
 * held-out last watches of the current bundle's users) with the same metric, so their figures
 * are comparable. The NDCG@10 in
 * each manifest is not: each is measured on its own data and over its own catalogue, and a
 * bundle trained on a 10-item catalogue would score near-perfectly there.
 */
export function compareOnSharedSplit(
  current: LoadedBundle,
  candidate: LoadedBundle,
  data: TrainingInput,
  maxRows = 2000,
): QualityComparison {
  const rows = validationRows(current, candidate, data, maxRows);
  const n = rows.length;
  if (n === 0) return { rows: 0, current: 0, candidate: 0, diffSe: 0 };
  const a = ndcgPerRow(current, rows);
  const b = ndcgPerRow(candidate, rows);
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < n; i++) {
    sa += a[i];
    sb += b[i];
  }
  const mean = (sb - sa) / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (b[i] - a[i] - mean) ** 2;
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  return { rows: n, current: sa / n, candidate: sb / n, diffSe: sd / Math.sqrt(n) };
}
