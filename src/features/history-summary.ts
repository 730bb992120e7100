import { vocabSize } from '../data/vocab.ts';
import type { QueryRow, RankingContext } from './ranking-input.ts';

/**
 * What the features need of a query's history, computed once per query rather than once per
 * candidate: per topic, how many of the history slots have it and the latest such slot; the last
 * slot's topic; the history's mean item embedding (for the cosine feature).
 */
export interface HistorySummary {
  real: number;
  /** Latest real slot, -1 without history. */
  last: number;
  lastTopic: number;
  same: Int32Array;
  lastSame: Int32Array;
  mean: Float32Array;
  meanNorm2: number;
}

export function summarizeHistory(ctx: RankingContext, q: QueryRow): HistorySummary {
  const { spec, items, vectors, dim } = ctx;
  const nT = vocabSize(spec.topics);
  const out: HistorySummary = {
    real: 0,
    last: -1,
    lastTopic: -1,
    same: new Int32Array(nT),
    lastSame: new Int32Array(nT).fill(-1),
    mean: new Float32Array(dim),
    meanNorm2: 0,
  };
  // History slots are oldest first, padding (0) on the left.
  for (let s = 0; s < spec.historyLength; s++) {
    const h = q.history[q.historyOffset + s];
    if (h === 0) continue;
    const t = items.topic[h];
    out.real++;
    out.last = s;
    out.lastTopic = t;
    out.same[t]++;
    out.lastSame[t] = s;
    for (let k = 0; k < dim; k++) out.mean[k] += vectors[h * dim + k];
  }
  for (let k = 0; k < dim; k++) out.meanNorm2 += out.mean[k] * out.mean[k];
  return out;
}
