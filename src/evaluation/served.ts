import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBundle } from '../bundle/read.ts';
import type { OriginName, SourceQuotas } from '../bundle/sources-config.ts';
import type { Watch } from '../data/interactions.ts';
import type { Dataset } from '../data/loaders/jsonl.ts';
import type { RecoEvent, SearchEvent } from '../data/types.ts';
import { lookup, type Vocab } from '../data/vocab.ts';
import { createMemoryStore } from '../events/memory-store.ts';
import type { RecommendedItem } from '../serving/engine.ts';
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
  /** Quotas every request asks for (undefined: the bundle's). */
  sources?: Partial<SourceQuotas>;
  /** Top-10 items counted per candidate source, and the items counted (with `sources`). */
  shares: { bySource: Partial<Record<OriginName, number>>; items: number };
}

/**
 * What the service has seen when each test user asks: the user's events before the held-out
 * watch, in the data's order, so the watches in the same second that came before it stay (users
 * rate in batches; the protocol posts them, and dropping them would hide the most telling part of
 * the history). Users without a test keep everything before the earliest held-out time
 * (temporal split).
 */
export function eventsBeforeTests(
  events: Iterable<RecoEvent>,
  tests: readonly (Watch & { userId: string })[],
  items: Vocab,
): RecoEvent[] {
  const held = new Map(tests.map((t) => [t.userId, { time: t.time, itemId: items.ids[t.item] }]));
  // A loop, not Math.min(...): spreading one argument per test user overflows the stack at ~100k.
  const cut = tests.reduce((m, t) => Math.min(m, t.time), Number.POSITIVE_INFINITY);
  // Timelines keep the data's order within a second (a stable sort by time), so "before the
  // held-out watch" is: an earlier second, or the same second and earlier in the data.
  const reached = new Set<string>();
  const kept = (e: RecoEvent): boolean => {
    const h = held.get(e.userId);
    if (!h) return e.timestamp < cut;
    if (e.timestamp !== h.time) return e.timestamp < h.time;
    if (e.type === 'watch' && e.itemId === h.itemId) reached.add(e.userId);
    return !reached.has(e.userId);
  };
  const out: RecoEvent[] = [];
  for (const e of events) if (kept(e)) out.push(e);
  return out;
}

/**
 * The searches the service has seen when each test user asks: the user's typed strictly before
 * the held-out watch (the query tower's rule, so none is read from the future), everyone else's
 * before the earliest held-out time, as {@link eventsBeforeTests} cuts the watches.
 */
export function searchesBeforeTests(
  searches: readonly SearchEvent[],
  tests: readonly { userId: string; time: number }[],
): SearchEvent[] {
  const held = new Map(tests.map((t) => [t.userId, t.time]));
  const cut = tests.reduce((m, t) => Math.min(m, t.time), Number.POSITIVE_INFINITY);
  return searches.filter((s) => s.timestamp < (held.get(s.userId) ?? cut));
}

/**
 * The service as a client sees it: `reco train` on the events before each test user's held-out
 * watch (a bundle on disk, as `reco serve` loads it), installed in an engine with the bundle's
 * default rules (drop watched, freshness, diversity). {@link scoreServed} then asks it.
 */
export async function trainServed(
  dataset: Dataset,
  tests: readonly (Watch & { userId: string })[],
  items: Vocab,
  config: Partial<PipelineConfig>,
  progress: Progress,
): Promise<ServedModel> {
  const events = eventsBeforeTests(dataset.events, tests, items);
  // The searches reach the engine as the watches do: through the bundle's snapshot of its users.
  const searches = searchesBeforeTests(dataset.searches ?? [], tests);
  const dir = mkdtempSync(join(tmpdir(), 'reco-served-'));
  const engine = new Recommender({ ...DEFAULT_RECOMMENDER, store: createMemoryStore() });
  const served: ServedModel = { engine, dir, trainMs: 0, shares: { bySource: {}, items: 0 } };
  try {
    const result = await runPipeline(
      { ...dataset, events, searches, source: `${dataset.source} (train split)` },
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
    const rec = await served.engine.recommend({
      userId: t.userId,
      k: SERVED_K,
      now: t.time + delayMs,
      ...(served.sources ? { sources: served.sources, explain: true } : {}),
    });
    if (served.sources) countSources(served.shares, rec.items.slice(0, 10));
    scores.fill(Number.NEGATIVE_INFINITY);
    rec.items.forEach((it, i) => {
      scores[lookup(items, it.itemId)] = SERVED_K - i;
    });
    scoreRow(row, scores);
  }
}

/** Adds one answer's top 10 to the per-source counts. */
function countSources(shares: ServedModel['shares'], top: readonly RecommendedItem[]): void {
  for (const it of top) {
    shares.items++;
    for (const o of it.explain?.sources ?? [])
      shares.bySource[o.source] = (shares.bySource[o.source] ?? 0) + 1;
  }
}

/** The counted shares, as fractions of the top-10 items. */
export function sourceShares(served: ServedModel): Partial<Record<OriginName, number>> {
  const { bySource, items } = served.shares;
  return Object.fromEntries(Object.entries(bySource).map(([s, n]) => [s, items ? n / items : 0]));
}

export async function closeServed(served: ServedModel): Promise<void> {
  try {
    await served.engine.close();
  } finally {
    rmSync(served.dir, { recursive: true, force: true });
  }
}
