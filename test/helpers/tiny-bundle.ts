import { join } from 'node:path';
import { generateWorld } from '../../src/data/demo/world.ts';
import { readDataset, writeDataset } from '../../src/data/loaders/jsonl.ts';
import { initTf } from '../../src/runtime/tf.ts';
import { DEFAULT_PIPELINE_CONFIG, type PipelineResult, runPipeline } from '../../src/training/pipeline.ts';
import { createProgress } from '../../src/training/progress.ts';

export interface TinyOptions {
  seed?: number;
  /** Demo-world scale (1 = the demo world). */
  scale?: number;
  epochs?: number;
  dim?: number;
  hidden?: number;
  source?: string;
  /** The query tower's search input (default: on, as the demo world has searches). */
  searchInput?: boolean;
}

/**
 * Generates a small demo world under `root/data` and trains a small bundle into `root/models`
 * (seconds, not minutes): what the end-to-end tests serve.
 */
export async function trainTinyBundle(root: string, o: TinyOptions = {}): Promise<PipelineResult> {
  await initTf('wasm');
  await writeDataset(join(root, 'data'), generateWorld({ seed: o.seed ?? 3, scale: o.scale ?? 0.1 }));
  const data = await readDataset(join(root, 'data'));
  const hidden = o.hidden ?? 32;
  const config = {
    ...DEFAULT_PIPELINE_CONFIG,
    retrieval: {
      ...DEFAULT_PIPELINE_CONFIG.retrieval,
      epochs: o.epochs ?? 2,
      dim: o.dim ?? 16,
      hidden: [hidden],
      seed: o.seed ?? DEFAULT_PIPELINE_CONFIG.retrieval.seed,
      searchInput: o.searchInput ?? DEFAULT_PIPELINE_CONFIG.retrieval.searchInput,
    },
    ranker: { ...DEFAULT_PIPELINE_CONFIG.ranker, epochs: 1, hidden: [Math.max(8, hidden / 2)] },
    recallQueries: 50,
  };
  return runPipeline(
    { ...data, source: o.source ?? 'test' },
    join(root, 'models'),
    config,
    createProgress(false),
  );
}
