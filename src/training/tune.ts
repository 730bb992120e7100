import { buildTimelines, watchCounts } from '../data/interactions.ts';
import type { EventLog, Item, User } from '../data/types.ts';
import { createFeatureSpec } from '../features/spec.ts';
import type { Progress } from './progress.ts';
import { type RetrievalTrainConfig, trainRetrieval } from './train-retrieval.ts';

/**
 * `reco train --tune`: the defaults are chosen on one kind of data; the history length that
 * suits another (how far back the next watch still depends) is chosen here on the validation
 * split of the data being trained, within a time budget, and written into the manifest.
 * MovieLens-100K: validation NDCG@10 0.1004 / 0.1088 / 0.1069 at 10 / 20 / 30 watches, so 20
 * (docs/evaluation.md has what each served on the test split).
 */
export interface TuneOptions {
  /** History lengths to try, cheapest first. */
  historyLengths: number[];
  /** No new candidate is started after this much tuning time (the first always runs). */
  budgetMs: number;
}

export const DEFAULT_TUNE: TuneOptions = { historyLengths: [10, 20, 30], budgetMs: 120_000 };

export interface TuneTrial {
  historyLength: number;
  ndcg10: number;
  recall100: number;
  ms: number;
}

export interface TuneResult {
  chosen: { historyLength: number };
  trials: TuneTrial[];
  /** Grid values not tried because the budget ran out. */
  skipped: number[];
  ms: number;
}

/** The best trial by validation NDCG@10; a tie (within 1e-9) keeps the shorter history. */
export function bestTrial(trials: readonly TuneTrial[]): TuneTrial {
  return trials.reduce((best, t) => (t.ndcg10 > best.ndcg10 + 1e-9 ? t : best));
}

/**
 * Trains the candidate generator (early-stopped, no refit, no ranker) at each history length
 * and returns the pipeline config with the winner and the record of the search.
 */
export async function tuneConfig<C extends { historyLength: number; retrieval: RetrievalTrainConfig }>(
  input: { items: Item[]; users: User[]; events: EventLog },
  config: C,
  options: TuneOptions,
  progress: Progress,
): Promise<C & { tuning: TuneResult }> {
  const t0 = performance.now();
  const users = new Map(input.users.map((u) => [u.userId, u]));
  const trials: TuneTrial[] = [];
  const skipped: number[] = [];
  const grid = [...new Set(options.historyLengths)].sort((a, b) => a - b);
  // The vocabulary, and so the timelines and counts, do not depend on the history length.
  const vocabSpec = createFeatureSpec(input.items, input.users);
  const timelines = buildTimelines(input.events, vocabSpec.items);
  const counts = watchCounts(timelines.values(), vocabSpec.items.ids.length);
  for (const historyLength of grid) {
    if (trials.length > 0 && performance.now() - t0 > options.budgetMs) {
      skipped.push(historyLength);
      continue;
    }
    const t1 = performance.now();
    const spec = { ...vocabSpec, historyLength };
    const retrieval = { ...config.retrieval, refit: false };
    const r = await trainRetrieval(spec, timelines, users, counts, retrieval, progress, input.items);
    r.model.dispose();
    trials.push({
      historyLength,
      ndcg10: r.validation.ndcg10,
      recall100: r.validation.recall[100],
      ms: Math.round(performance.now() - t1),
    });
    progress.log(
      `tune: history ${historyLength}: validation NDCG@10 ${r.validation.ndcg10.toFixed(4)}, recall@100 ${r.validation.recall[100].toFixed(4)}`,
    );
  }
  const best = bestTrial(trials);
  const tuning = {
    chosen: { historyLength: best.historyLength },
    trials,
    skipped,
    ms: Math.round(performance.now() - t0),
  };
  progress.log(
    `tune: history length ${best.historyLength} chosen` +
      (skipped.length ? ` (budget spent; not tried: ${skipped.join(', ')})` : ''),
  );
  return { ...config, historyLength: best.historyLength, tuning };
}
