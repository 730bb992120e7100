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

/**
 * The service as a client sees it: `reco train` on the events before each test user's held-out
 * watch (a bundle on disk, as `reco serve` loads it), then one GET /recommendations?k=100 per
 * test user at the moment of the held-out watch, through the engine with the bundle's default
 * rules (drop watched, freshness, diversity). `scoreRow` receives each answer as a score row over
 * the evaluation's vocabulary (list position; unlisted items −∞).
 */
export async function evaluateServed(
  dataset: Dataset,
  tests: readonly (Watch & { userId: string })[],
  items: Vocab,
  config: Partial<PipelineConfig>,
  progress: Progress,
  scoreRow: (row: number, scores: Float32Array) => void,
  /** Ask this long after each held-out watch (a history replayed later, as when a public data set is posted today). */
  delayMs = 0,
): Promise<{ trainMs: number; beta?: number }> {
  // Each test user's events from the held-out watch on are what the service has not seen yet;
  // users without a test keep everything before the earliest held-out time (temporal split).
  const heldFrom = new Map(tests.map((t) => [t.userId, t.time]));
  // A loop, not Math.min(...): spreading one argument per test user overflows the stack at ~100k.
  const cut = tests.reduce((m, t) => Math.min(m, t.time), Number.POSITIVE_INFINITY);
  const events = dataset.events.filter((e) => e.timestamp < (heldFrom.get(e.userId) ?? cut));
  const dir = mkdtempSync(join(tmpdir(), 'reco-served-'));
  const engine = new Recommender({ ...DEFAULT_RECOMMENDER, store: createMemoryStore() });
  try {
    const result = await runPipeline(
      { ...dataset, events, source: `${dataset.source} (train split)` },
      dir,
      { ...DEFAULT_PIPELINE_CONFIG, ...config },
      progress,
    );
    await engine.install(await loadBundle(result.dir, { minIndexRecall: 0 }));
    const scores = new Float32Array(items.ids.length);
    for (const [row, t] of tests.entries()) {
      const rec = await engine.recommend({ userId: t.userId, k: SERVED_K, now: t.time + delayMs });
      scores.fill(Number.NEGATIVE_INFINITY);
      rec.items.forEach((it, i) => {
        scores[lookup(items, it.itemId)] = SERVED_K - i;
      });
      scoreRow(row, scores);
    }
    const beta = (result.manifest.config.blend as { beta?: number } | undefined)?.beta;
    return { trainMs: result.manifest.timings.totalMs, beta };
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
