import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBundle } from '../bundle/read.ts';
import type { Watch } from '../data/interactions.ts';
import type { Dataset } from '../data/loaders/jsonl.ts';
import { lookup, type Vocab } from '../data/vocab.ts';
import { createMemoryStore } from '../events/memory-store.ts';
import { DEFAULT_RECOMMENDER, Recommender } from '../serving/recommender.ts';
import { DEFAULT_PIPELINE_CONFIG, type PipelineConfig, runPipeline } from '../training/pipeline.ts';
import type { Progress } from '../training/progress.ts';

/** `served-replay` asks ten years after the history happened (MovieLens-100K is from 1998). */
export const REPLAY_DELAY_MS = 10 * 365 * 86_400_000;

/** Largest list GET /recommendations returns: ranks beyond it count as misses. */
export const SERVED_K = 100;

/** A bundle trained on the events before the held-out watches, installed in an engine. */
export interface ServedModel {
  engine: Recommender;
  dir: string;
  trainMs: number;
  beta?: number;
}

/**
 * The service as a client sees it: `reco train` on the events before each test user's held-out
 * watch (a bundle on disk, as `reco serve` loads it), installed in an engine with the bundle's
 * default rules (drop watched, freshness, diversity). {@link scoreServed} then asks it.
 */
export async function trainServed(
  dataset: Dataset,
  tests: readonly (Watch & { userId: string })[],
  config: Partial<PipelineConfig>,
  progress: Progress,
): Promise<ServedModel> {
  // Each test user's events from the held-out watch on are what the service has not seen yet;
  // users without a test keep everything before the earliest held-out time (temporal split).
  const heldFrom = new Map(tests.map((t) => [t.userId, t.time]));
  // A loop, not Math.min(...): spreading one argument per test user overflows the stack at ~100k.
  const cut = tests.reduce((m, t) => Math.min(m, t.time), Number.POSITIVE_INFINITY);
  const events = dataset.events.filter((e) => e.timestamp < (heldFrom.get(e.userId) ?? cut));
  const dir = mkdtempSync(join(tmpdir(), 'reco-served-'));
  const engine = new Recommender({ ...DEFAULT_RECOMMENDER, store: createMemoryStore() });
  const served: ServedModel = { engine, dir, trainMs: 0 };
  try {
    const result = await runPipeline(
      { ...dataset, events, source: `${dataset.source} (train split)` },
      dir,
      { ...DEFAULT_PIPELINE_CONFIG, ...config },
      progress,
    );
    await engine.install(await loadBundle(result.dir, { minIndexRecall: 0 }));
    served.trainMs = result.manifest.timings.totalMs;
    served.beta = (result.manifest.config.blend as { beta?: number } | undefined)?.beta;
    return served;
  } catch (e) {
    await closeServed(served);
    throw e;
  }
}

/**
 * One GET /recommendations?k=100 per test user at the moment of the held-out watch (plus
 * `delayMs`); `scoreRow` receives each answer as a score row over the evaluation's vocabulary
 * (list position; unlisted items −∞).
 */
export async function scoreServed(
  served: ServedModel,
  tests: readonly (Watch & { userId: string })[],
  items: Vocab,
  delayMs: number,
  scoreRow: (row: number, scores: Float32Array) => void,
): Promise<void> {
  const scores = new Float32Array(items.ids.length);
  for (const [row, t] of tests.entries()) {
    const rec = await served.engine.recommend({ userId: t.userId, k: SERVED_K, now: t.time + delayMs });
    scores.fill(Number.NEGATIVE_INFINITY);
    rec.items.forEach((it, i) => {
      scores[lookup(items, it.itemId)] = SERVED_K - i;
    });
    scoreRow(row, scores);
  }
}

export async function closeServed(served: ServedModel): Promise<void> {
  try {
    await served.engine.close();
  } finally {
    rmSync(served.dir, { recursive: true, force: true });
  }
}
