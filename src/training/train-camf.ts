import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeBundle } from '../bundle/write.ts';
import { createRng } from '../data/demo/rng.ts';
import { buildTimelines, watchCounts } from '../data/interactions.ts';
import type { Dataset } from '../data/loaders/jsonl.ts';
import { splitTimelines } from '../data/split.ts';
import { createFeatureSpec } from '../features/spec.ts';
import {
  type CamfConfig,
  type CamfModel,
  camfScores,
  DEFAULT_CAMF,
  fitCamf,
} from '../models/baselines/camf.ts';
import { RetrievalAccumulator, type RetrievalMetrics } from '../models/metrics/accumulator.ts';
import { type CamfData, camfConditions, camfData } from './camf-data.ts';
import type { Progress } from './progress.ts';

export interface CamfResult {
  dir: string;
  /** Leave-last-out validation, each held-out watch scored in its own situation. */
  validation: RetrievalMetrics;
  ms: number;
}

/**
 * `reco train --model camf`: the context-aware baseline, like `--model wals`: validated on each
 * user's last watch in that watch's situation, refitted on everything and written to
 * `<out>/camf-<time>/` (factors, biases and context deviations as float32 files, the ids, the
 * condition names and the manifest). It does not replace the served bundle.
 */
export async function trainCamfBaseline(
  data: Dataset,
  outDir: string,
  cfg: CamfConfig = DEFAULT_CAMF,
  progress: Progress,
): Promise<CamfResult> {
  const t0 = performance.now();
  const spec = createFeatureSpec(data.items, data.users);
  const numItems = spec.items.ids.length;
  const all = buildTimelines(data.events, spec.items);
  const { train, tests } = splitTimelines(all, 'leave-last-out');
  const held = camfData(train.values(), spec.items, data.items);
  const heldModel = fitCamf(held.examples, held.shape, cfg, createRng(cfg.seed).next);
  const acc = new RetrievalAccumulator(numItems, watchCounts(train.values(), numItems));
  for (const t of tests) {
    const exclude = new Set(train.get(t.userId)!.watches.map((w) => w.item));
    acc.add(camfScores(heldModel, held.userRow.get(t.userId)!, camfConditions(held, t)), 0, t.item, exclude);
  }
  const validation = acc.result();
  progress.log(
    `camf: validation recall@10 ${validation.recall[10].toFixed(3)}, recall@100 ${validation.recall[100].toFixed(3)}, NDCG@10 ${validation.ndcg10.toFixed(3)} (${tests.length} users)`,
  );
  const fullData = camfData(all.values(), spec.items, data.items);
  const full = fitCamf(fullData.examples, fullData.shape, cfg, createRng(cfg.seed).next);
  const ms = Math.round(performance.now() - t0);
  const version = `camf-${new Date()
    .toISOString()
    .replace(/[-:.TZ]/g, '')
    .slice(0, 17)}`;
  const files = { version, cfg, data, items: spec.items.ids, fullData, full, validation, ms };
  const dir = await writeBundle(outDir, version, (d) => writeCamfFiles(d, files), { current: false });
  return { dir, validation, ms };
}

interface CamfFiles {
  version: string;
  cfg: CamfConfig;
  data: Dataset;
  items: readonly string[];
  fullData: CamfData;
  full: CamfModel;
  validation: RetrievalMetrics;
  ms: number;
}

const f32 = (a: ArrayLike<number>) => Buffer.from(Float32Array.from(a).buffer);

/** The artefact in `d`: every parameter as float32, the ids and condition names, the manifest. */
async function writeCamfFiles(d: string, f: CamfFiles): Promise<void> {
  const { full } = f;
  const arrays = {
    itemFactors: full.items,
    userFactors: full.users,
    itemBias: full.itemBias,
    userBias: full.userBias,
    itemDeviation: full.itemDeviation,
    groupDeviation: full.groupDeviation,
    itemGroups: full.groups,
  };
  const files: Record<string, string> = {};
  for (const [name, a] of Object.entries(arrays)) {
    files[name] = `${name}.f32`;
    await writeFile(join(d, files[name]), f32(a));
  }
  await writeFile(join(d, 'items.json'), JSON.stringify(f.items));
  await writeFile(join(d, 'users.json'), JSON.stringify([...f.fullData.userRow.keys()]));
  await writeFile(join(d, 'conditions.json'), JSON.stringify([...f.fullData.conditionIndex.keys()]));
  const manifest = {
    kind: 'camf-baseline',
    version: f.version,
    createdAt: new Date().toISOString(),
    config: f.cfg,
    mu: full.mu,
    dims: {
      items: full.numItems,
      users: f.fullData.userRow.size,
      dim: full.dim,
      conditions: full.numConditions,
    },
    data: { source: f.data.source, events: f.data.events.length },
    metrics: { validation: f.validation },
    timings: { totalMs: f.ms },
    files: { ...files, items: 'items.json', users: 'users.json', conditions: 'conditions.json' },
  };
  await writeFile(join(d, 'manifest.json'), JSON.stringify(manifest, null, 2));
}
