import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeBundle } from '../bundle/write.ts';
import { createRng } from '../data/demo/rng.ts';
import { buildTimelines, type Timeline, watchCounts } from '../data/interactions.ts';
import type { Dataset } from '../data/loaders/jsonl.ts';
import { splitTimelines } from '../data/split.ts';
import { createFeatureSpec, type FeatureSpec } from '../features/spec.ts';
import { DEFAULT_WALS, fitWals, type WalsConfig, walsScores } from '../models/baselines/wals.ts';
import { RetrievalAccumulator, type RetrievalMetrics } from '../models/metrics/accumulator.ts';
import type { Progress } from './progress.ts';

export interface WalsResult {
  dir: string;
  /** Leave-last-out validation over the whole catalogue, training items excluded. */
  validation: RetrievalMetrics;
  ms: number;
}

const lists = (timelines: Iterable<Timeline>) => [...timelines].map((tl) => tl.watches.map((w) => w.item));

/**
 * `reco train --model wals`: the matrix-factorisation baseline every model must beat. Fits WALS
 * on all but each user's last watch and measures it on those (the same protocol as the softmax
 * DNN's validation), then refits on everything and writes the factors to `<out>/wals-<time>/`
 * (manifest.json, item and user ids, float32 factor files). The artefact is a baseline for
 * comparison and offline use; it does not replace the served bundle (`current` is not moved).
 */
export async function trainWalsBaseline(
  data: Dataset,
  outDir: string,
  cfg: WalsConfig = DEFAULT_WALS,
  progress: Progress,
): Promise<WalsResult> {
  const t0 = performance.now();
  const spec = createFeatureSpec(data.items, data.users);
  const numItems = spec.items.ids.length;
  const all = buildTimelines(data.events, spec.items);
  const { train, tests } = splitTimelines(all, 'leave-last-out');
  const validation = validateWals(train, tests, numItems, cfg);
  progress.log(
    `wals: validation recall@10 ${validation.recall[10].toFixed(3)}, recall@100 ${validation.recall[100].toFixed(3)}, NDCG@10 ${validation.ndcg10.toFixed(3)} (${tests.length} users)`,
  );
  const full = fitWals(lists(all.values()), numItems, cfg, createRng(cfg.seed).next);
  const ms = Math.round(performance.now() - t0);
  const version = `wals-${new Date()
    .toISOString()
    .replace(/[-:.TZ]/g, '')
    .slice(0, 17)}`;
  const dir = await writeBundle(
    outDir,
    version,
    (d) => writeWalsFiles(d, { version, cfg, data, spec, all, full, validation, ms }),
    { current: false },
  );
  return { dir, validation, ms };
}

type Split = ReturnType<typeof splitTimelines>;

/** Fits on the training part; each held-out watch ranked over the catalogue, training items excluded. */
function validateWals(train: Split['train'], tests: Split['tests'], numItems: number, cfg: WalsConfig) {
  const rng = createRng(cfg.seed);
  const users = [...train.keys()];
  const row = new Map(users.map((u, i) => [u, i]));
  const model = fitWals(lists(train.values()), numItems, cfg, rng.next);
  const acc = new RetrievalAccumulator(numItems, watchCounts(train.values(), numItems));
  for (const t of tests) {
    const r = row.get(t.userId)!;
    const exclude = new Set(train.get(t.userId)!.watches.map((w) => w.item));
    acc.add(walsScores(model, r, numItems), 0, t.item, exclude);
  }
  return acc.result();
}

interface WalsFiles {
  version: string;
  cfg: WalsConfig;
  data: Dataset;
  spec: FeatureSpec;
  all: Map<string, Timeline>;
  full: ReturnType<typeof fitWals>;
  validation: RetrievalMetrics;
  ms: number;
}

/** The artefact in `d`: the factors (float32), the item and user ids, and the manifest. */
async function writeWalsFiles(d: string, { version, cfg, data, spec, all, full, validation, ms }: WalsFiles) {
  const numItems = spec.items.ids.length;
  await writeFile(join(d, 'item-factors.f32'), Buffer.from(Float32Array.from(full.items).buffer));
  await writeFile(join(d, 'user-factors.f32'), Buffer.from(Float32Array.from(full.users).buffer));
  await writeFile(join(d, 'items.json'), JSON.stringify(spec.items.ids));
  await writeFile(join(d, 'users.json'), JSON.stringify([...all.keys()]));
  const manifest = {
    kind: 'wals-baseline',
    version,
    createdAt: new Date().toISOString(),
    config: cfg,
    dims: { items: numItems, users: all.size, dim: cfg.dim },
    data: { source: data.source, events: data.events.length },
    metrics: { validation },
    timings: { totalMs: ms },
    files: {
      itemFactors: 'item-factors.f32',
      userFactors: 'user-factors.f32',
      items: 'items.json',
      users: 'users.json',
    },
  };
  await writeFile(join(d, 'manifest.json'), JSON.stringify(manifest, null, 2));
}
