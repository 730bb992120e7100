import { BundleError } from '../errors.ts';

/** Bump when the bundle layout changes incompatibly; the loader refuses other versions. */
export const FORMAT_VERSION = 2;

/**
 * `manifest.json`: what a bundle is, how it was made and how good it was. Self-describing, so
 * the loader can dispatch on `kinds` and refuse what it does not understand.
 */
export interface Manifest {
  formatVersion: number;
  version: string;
  createdAt: string;
  /** `ranker: none`: trained without a ranker (the data had nothing for one), served in retrieval order. */
  kinds: { retrieval: 'softmax-dnn'; ranker: 'weighted-logistic-dnn' | 'none'; index: 'hnsw' | 'exact' };
  dims: { numItems: number; dim: number; denseWidth: number; historyLength: number; rankerWidth: number };
  config: Record<string, unknown>;
  data: { source: string; fingerprint: string; items: number; users: number; events: number };
  metrics: {
    retrieval: { recall: Record<string, number>; ndcg10: number; mrr: number; users: number };
    ranker?: { auc: number; weightedAuc: number; examples: number; blendNdcg10?: Record<string, number> };
    index: {
      recallAt100: number;
      queries: number;
      m?: number;
      efConstruction?: number;
      efSearch?: number;
      /** Why this index kind was chosen, with the measured latencies and HNSW's recall. */
      hnswRecallAt100?: number;
      latencyMs?: { exact: number; hnsw: number };
      reason?: string;
    };
  };
  timings: Record<string, number>;
  curves: Record<string, unknown[]>;
  files: Record<string, string>;
}

/** Checks the fields the loader relies on; throws a BundleError naming the first bad one. */
export function validateManifest(m: unknown, where: string): Manifest {
  const fail = (msg: string): never => {
    throw new BundleError(`${where}/manifest.json: ${msg}`);
  };
  if (typeof m !== 'object' || m === null) fail('expected a JSON object');
  const man = m as Manifest;
  if (man.formatVersion !== FORMAT_VERSION) {
    // Format 1 bundles lack the trend snapshot and were trained on fewer ranker features.
    fail(
      `expected formatVersion ${FORMAT_VERSION}, got ${JSON.stringify(man.formatVersion)}; ` +
        'this reco cannot serve it, retrain with `reco train` (or serve it with the reco that wrote it)',
    );
  }
  if (typeof man.version !== 'string' || !man.version) fail('expected a "version" string');
  if (man.kinds?.retrieval !== 'softmax-dnn')
    fail(`unknown retrieval kind ${JSON.stringify(man.kinds?.retrieval)}`);
  if (man.kinds?.ranker !== 'weighted-logistic-dnn' && man.kinds?.ranker !== 'none')
    fail(`unknown ranker kind ${JSON.stringify(man.kinds?.ranker)}`);
  if (man.kinds?.index !== 'hnsw' && man.kinds?.index !== 'exact') {
    fail(`unknown index kind ${JSON.stringify(man.kinds?.index)}`);
  }
  for (const k of ['numItems', 'dim', 'denseWidth', 'historyLength', 'rankerWidth'] as const) {
    if (!Number.isInteger(man.dims?.[k]) || man.dims[k] <= 0) fail(`dims.${k}: expected a positive integer`);
  }
  return man;
}
