import { join } from 'node:path';
import type { BundleItems, BundleUser } from '../bundle/contents.ts';
import { fingerprint } from '../bundle/fingerprint.ts';
import { FORMAT_VERSION, type Manifest } from '../bundle/manifest.ts';
import { DEFAULT_RULES } from '../bundle/rules-config.ts';
import { saveWeights } from '../bundle/weights.ts';
import { writeBundle, writeJson } from '../bundle/write.ts';
import { buildTimelines, watchCounts } from '../data/interactions.ts';
import type { Item, RecoEvent, User } from '../data/types.ts';
import { trainingItemTable } from '../features/item-table.ts';
import { selectRows } from '../features/query.ts';
import { rankerWidth } from '../features/ranking.ts';
import { createFeatureSpec, queryDenseWidth, specToJson } from '../features/spec.ts';
import { chooseIndex } from '../index/choose.ts';
import { DEFAULT_HNSW, type HnswParams } from '../index/hnsw.ts';
import { readTidy } from '../runtime/read.ts';
import { learnBlend } from './blend.ts';
import type { Progress } from './progress.ts';
import { DEFAULT_RANKER_CONFIG, type RankerTrainConfig, trainRanker } from './train-ranker.ts';
import { DEFAULT_RETRIEVAL_CONFIG, type RetrievalTrainConfig, trainRetrieval } from './train-retrieval.ts';

export interface TrainingInput {
  items: Item[];
  users: User[];
  events: RecoEvent[];
  /** Where the data came from (a directory or a database), recorded in the manifest. */
  source: string;
}

export interface PipelineConfig {
  historyLength: number;
  retrieval: RetrievalTrainConfig;
  ranker: RankerTrainConfig;
  hnsw: HnswParams;
  /** Sample queries used to measure the index's recall@100 against exact search and time both. */
  recallQueries: number;
  /** Candidates per user the ranker reorders (when learning the blend, as in serving). */
  candidates: number;
  /** efSearch is widened until the index's recall@100 against exact search reaches this. */
  targetIndexRecall: number;
}

export const DEFAULT_PIPELINE_CONFIG: PipelineConfig = {
  historyLength: 10,
  retrieval: DEFAULT_RETRIEVAL_CONFIG,
  ranker: DEFAULT_RANKER_CONFIG,
  hnsw: DEFAULT_HNSW,
  recallQueries: 200,
  candidates: 200,
  targetIndexRecall: 0.99,
};

export interface PipelineResult {
  dir: string;
  manifest: Manifest;
}

function versionName(fp: string): string {
  // Millisecond resolution: two trainings in the same second must not collide.
  const ts = new Date().toISOString().replace(/[-:.]/g, '').replace('T', '-').slice(0, 18);
  return `${ts}-${fp.slice(0, 8)}`;
}

/**
 * The whole training job: data -> vocabularies -> timelines -> retrieval model -> HNSW index
 * (recall measured against exact search) -> ranker -> bundle written atomically, with
 * `models/current` repointed at it unless `promote` is false (`reco train` first compares it
 * with the served bundle, see retrain-guard.ts).
 */
export async function runPipeline(
  input: TrainingInput,
  modelsDir: string,
  config: PipelineConfig,
  progress: Progress,
  opts: { promote?: boolean } = {},
): Promise<PipelineResult> {
  const t0 = performance.now();
  const spec = createFeatureSpec(input.items, input.users, config.historyLength);
  const timelines = buildTimelines(input.events, spec.items);
  const users = new Map(input.users.map((u) => [u.userId, u]));
  const numItems = spec.items.ids.length;
  const counts = watchCounts(timelines.values(), numItems);
  const itemTable = trainingItemTable(spec, input.items, counts, timelines.values());
  const tPrep = performance.now();

  const retrieval = await trainRetrieval(
    spec,
    timelines,
    users,
    counts,
    config.retrieval,
    progress,
    input.items,
  );
  const dim = config.retrieval.dim;
  const vectors = retrieval.model.itemVectors();

  const tIndex0 = performance.now();
  // The rows retrieval validated on (each user's last watch): recall queries and the blend's.
  const { valid, validExclude, validTime } = retrieval.valid;
  const sample = Array.from({ length: Math.min(config.recallQueries, valid.size) }, (_, i) => i);
  const queries = readTidy(() => retrieval.model.query(selectRows(spec, valid, sample)));
  const choice = chooseIndex(vectors, dim, queries, {
    hnsw: config.hnsw,
    targetRecall: config.targetIndexRecall,
    k: config.candidates,
  });
  const indexMs = Math.round(performance.now() - tIndex0);
  progress.log(
    `index: ${choice.kind === 'hnsw' ? 'HNSW' : 'exact search'} over ${numItems - 1} items (${choice.reason}); ` +
      `HNSW efSearch ${choice.hnsw.efSearch}, recall@100 ${choice.hnswRecallAt100.toFixed(4)} (${indexMs} ms)`,
  );

  // The blend weight is judged on the held-out rows, which the refit has trained on: the blend,
  // and the ranker whose features it weighs, read the early-stopped network, which never saw
  // them. Serving then reads the refit's ψ·v.
  const judged = retrieval.tuned ?? retrieval.model;
  const ranker = await trainRanker(spec, itemTable, judged, timelines, users, config.ranker, progress);
  const tBlend0 = performance.now();
  const blend = learnBlend(
    spec,
    itemTable,
    judged,
    ranker.model,
    valid,
    validExclude,
    validTime,
    config.candidates,
  );
  progress.log(
    `blend: serving order = ψ·v + ${blend.beta} · log E[watch time]; validation NDCG@10 by β: ${Object.entries(
      blend.ndcg10,
    )
      .map(([b, v]) => `${b}:${v.toFixed(3)}`)
      .join(' ')}`,
  );

  const blendMs = Math.round(performance.now() - tBlend0);
  const tWrite0 = performance.now();
  const fp = fingerprint(input.items, input.events);
  const version = versionName(fp);
  const bundleUsers: BundleUser[] = [];
  const known = new Set<string>();
  for (const u of input.users) {
    known.add(u.userId);
    const tl = timelines.get(u.userId);
    bundleUsers.push({
      ...u,
      watched: tl?.watches.map((w) => [spec.items.ids[w.item], w.time]) ?? [],
      disliked: tl ? [...tl.disliked].map((i) => spec.items.ids[i]) : [],
    });
  }
  for (const tl of timelines.values()) {
    if (known.has(tl.userId)) continue;
    bundleUsers.push({
      userId: tl.userId,
      watched: tl.watches.map((w) => [spec.items.ids[w.item], w.time]),
      disliked: [...tl.disliked].map((i) => spec.items.ids[i]),
    });
  }
  const bundleItems: BundleItems = {
    items: input.items,
    watches: input.items.map((it) => counts[spec.items.index.get(it.itemId) ?? 0]),
    recentWatches: input.items.map((it) => itemTable.recentWatches[spec.items.index.get(it.itemId) ?? 0]),
  };

  let manifest: Manifest | undefined;
  const dir = await writeBundle(
    modelsDir,
    version,
    async (d) => {
      const files: Record<string, string> = {};
      [files.retrievalWeights, files.retrievalSpec] = await saveWeights(
        d,
        'retrieval',
        retrieval.model.getWeights(),
      );
      [files.rankerWeights, files.rankerSpec] = await saveWeights(d, 'ranker', ranker.model.getWeights());
      if (choice.kind === 'hnsw') {
        choice.index.save(join(d, 'index.hnsw'));
        files.index = 'index.hnsw';
      }
      files.vocab = await writeJson(d, 'vocab.json', specToJson(spec));
      files.items = await writeJson(d, 'items.json', bundleItems);
      files.users = await writeJson(d, 'users.json', bundleUsers);
      manifest = {
        formatVersion: FORMAT_VERSION,
        version,
        createdAt: new Date().toISOString(),
        kinds: { retrieval: 'softmax-dnn', ranker: 'weighted-logistic-dnn', index: choice.kind },
        dims: {
          numItems,
          dim,
          denseWidth: queryDenseWidth(spec),
          historyLength: spec.historyLength,
          rankerWidth: rankerWidth(spec, dim),
        },
        config: {
          ...config,
          hnsw: choice.hnsw,
          itemFeatureTime: retrieval.itemFeatureTime,
          rules: DEFAULT_RULES,
          blend: { beta: blend.beta },
        } as unknown as Record<string, unknown>,
        data: {
          source: input.source,
          fingerprint: fp,
          items: input.items.length,
          users: bundleUsers.length,
          events: input.events.length,
        },
        metrics: {
          retrieval: {
            ...retrieval.validation,
            recall: Object.fromEntries(Object.entries(retrieval.validation.recall)),
          },
          ranker: { ...ranker.validation, blendNdcg10: blend.ndcg10 },
          index: {
            recallAt100: choice.recallAt100,
            queries: sample.length,
            m: choice.hnsw.m,
            efConstruction: choice.hnsw.efConstruction,
            efSearch: choice.hnsw.efSearch,
            hnswRecallAt100: choice.hnswRecallAt100,
            latencyMs: choice.latencyMs,
            reason: choice.reason,
          },
        },
        timings: {
          prepareMs: Math.round(tPrep - t0),
          retrievalExamplesMs: retrieval.examplesMs,
          retrievalMs: retrieval.ms,
          retrievalEpochs: retrieval.curve.length,
          indexMs,
          rankerMs: ranker.ms,
          blendMs,
          // Up to here: the bundle's own files are written after the manifest is built.
          writeMs: Math.round(performance.now() - tWrite0),
          totalMs: Math.round(performance.now() - t0),
        },
        curves: { retrieval: retrieval.curve, ranker: ranker.curve },
        files,
      };
      await writeJson(d, 'manifest.json', manifest);
    },
    { current: opts.promote !== false },
  );
  retrieval.model.dispose();
  retrieval.tuned?.dispose();
  ranker.model.dispose();
  return { dir, manifest: manifest! };
}
