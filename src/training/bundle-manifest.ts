import { FORMAT_VERSION, type Manifest } from '../bundle/manifest.ts';
import { DEFAULT_RULES } from '../bundle/rules-config.ts';
import { DEFAULT_SOURCES } from '../bundle/sources-config.ts';
import { rankerWidth } from '../features/ranking.ts';
import { type FeatureSpec, queryDenseWidth } from '../features/spec.ts';
import type { IndexChoice } from '../index/choose.ts';
import type { RankingStage } from './ranking-stage.ts';
import type { RetrievalResult } from './train-retrieval.ts';

/** What `manifest.json` is made of: the trained stages and the pipeline's own bookkeeping. */
export interface ManifestParts {
  version: string;
  spec: FeatureSpec;
  config: object;
  retrieval: RetrievalResult;
  choice: IndexChoice;
  recallQueries: number;
  ranking: RankingStage;
  data: Manifest['data'];
  timings: Record<string, number>;
  files: Record<string, string>;
}

/** The bundle's self-description: kinds, dimensions, the config that made it, its figures. */
export function buildManifest(p: ManifestParts): Manifest {
  const { spec, retrieval, choice, ranking } = p;
  const dim = retrieval.model.config.dim;
  return {
    formatVersion: FORMAT_VERSION,
    version: p.version,
    createdAt: new Date().toISOString(),
    kinds: {
      retrieval: 'softmax-dnn',
      ranker: ranking.ranker ? 'weighted-logistic-dnn' : 'none',
      index: choice.kind,
    },
    dims: {
      numItems: spec.items.ids.length,
      dim,
      denseWidth: queryDenseWidth(spec),
      historyLength: spec.historyLength,
      rankerWidth: rankerWidth(spec, dim, ranking.ranker?.sourceFeatures),
    },
    config: {
      ...p.config,
      // What the model was built with: the search input stays off where the data had no searches.
      retrieval: {
        ...(p.config as { retrieval?: object }).retrieval,
        searchInput: Boolean(retrieval.model.config.searchBuckets),
      },
      hnsw: choice.hnsw,
      itemFeatureTime: retrieval.itemFeatureTime,
      rules: DEFAULT_RULES,
      sources: DEFAULT_SOURCES,
      blend: { beta: ranking.blend.beta },
    },
    data: p.data,
    metrics: {
      retrieval: { ...retrieval.validation, recall: { ...retrieval.validation.recall } },
      ...(ranking.ranker
        ? { ranker: { ...ranking.ranker.validation, blendNdcg10: ranking.blend.ndcg10 } }
        : {}),
      index: {
        recallAt100: choice.recallAt100,
        queries: p.recallQueries,
        m: choice.hnsw.m,
        efConstruction: choice.hnsw.efConstruction,
        efSearch: choice.hnsw.efSearch,
        hnswRecallAt100: choice.hnswRecallAt100,
        latencyMs: choice.latencyMs,
        reason: choice.reason,
      },
    },
    timings: p.timings,
    curves: { retrieval: retrieval.curve, ranker: ranking.ranker?.curve ?? [] },
    files: p.files,
  };
}
