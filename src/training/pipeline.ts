import { join } from 'node:path';
import type { BundleItems, BundleUser } from '../bundle/contents.ts';
import { fingerprint } from '../bundle/fingerprint.ts';
import type { Manifest } from '../bundle/manifest.ts';
import { saveWeights } from '../bundle/weights.ts';
import { writeBundle, writeJson } from '../bundle/write.ts';
import { buildTimelines, watchCounts } from '../data/interactions.ts';
import type { EventLog, Item, SearchEvent, User } from '../data/types.ts';
import { trainingItemTable } from '../features/item-table.ts';
import { selectRows } from '../features/query.ts';
import { attachSearches } from '../features/search-history.ts';
import { createFeatureSpec, specToJson } from '../features/spec.ts';
import { chooseIndex, type IndexChoice } from '../index/choose.ts';
import { DEFAULT_HNSW, type HnswParams } from '../index/hnsw.ts';
import { readTidy } from '../runtime/read.ts';
import { buildManifest, type ManifestParts } from './bundle-manifest.ts';
import { bundleItems, bundleUsers, snapshotSearches } from './bundle-records.ts';
import type { Progress } from './progress.ts';
import { type RankingStage, trainRankingStage } from './ranking-stage.ts';
import { DEFAULT_RANKER_CONFIG, type RankerTrainConfig } from './train-ranker.ts';
import {
  DEFAULT_RETRIEVAL_CONFIG,
  type RetrievalResult,
  type RetrievalTrainConfig,
  trainRetrieval,
} from './train-retrieval.ts';
import type { TuneOptions, TuneResult } from './tune.ts';

export interface TrainingInput {
  items: Item[];
  users: User[];
  events: EventLog;
  /** What users searched for (the query tower's search input); absent = none. */
  searches?: SearchEvent[];
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
  /** `reco train --tune`: search these on the validation split first (training/tune.ts). */
  tune?: TuneOptions;
  /** What the search tried and chose, kept in the manifest's config. */
  tuning?: TuneResult;
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

/** The serving index over the item embeddings, its recall measured on the validation queries. */
function buildIndex(
  retrieval: RetrievalResult,
  spec: ReturnType<typeof createFeatureSpec>,
  config: PipelineConfig,
  progress: Progress,
): { choice: IndexChoice; queries: number; ms: number } {
  const t0 = performance.now();
  const { valid } = retrieval.valid;
  const sample = Array.from({ length: Math.min(config.recallQueries, valid.size) }, (_, i) => i);
  const queries = readTidy(() => retrieval.model.query(selectRows(spec, valid, sample)));
  const choice = chooseIndex(retrieval.model.itemVectors(), retrieval.model.config.dim, queries, {
    hnsw: config.hnsw,
    targetRecall: config.targetIndexRecall,
    k: config.candidates,
  });
  const ms = Math.round(performance.now() - t0);
  progress.log(
    `index: ${choice.kind === 'hnsw' ? 'HNSW' : 'exact search'} over ${spec.items.ids.length - 1} items (${choice.reason}); ` +
      `HNSW efSearch ${choice.hnsw.efSearch}, recall@100 ${choice.hnswRecallAt100.toFixed(4)} (${ms} ms)`,
  );
  return { choice, queries: sample.length, ms };
}

type ManifestInputs = Omit<ManifestParts, 'timings' | 'files'>;

/** Writes the trained stages' files into the bundle directory `d`, then its manifest. */
async function writeBundleFiles(
  d: string,
  p: ManifestInputs,
  records: { users: BundleUser[]; items: BundleItems },
  timings: Record<string, number>,
  t0: number,
): Promise<Manifest> {
  const tWrite0 = performance.now();
  const files: Record<string, string> = {};
  [files.retrievalWeights, files.retrievalSpec] = await saveWeights(
    d,
    'retrieval',
    p.retrieval.model.getWeights(),
  );
  if (p.ranking.ranker)
    [files.rankerWeights, files.rankerSpec] = await saveWeights(
      d,
      'ranker',
      p.ranking.ranker.model.getWeights(),
    );
  if (p.choice.kind === 'hnsw') {
    p.choice.index.save(join(d, 'index.hnsw'));
    files.index = 'index.hnsw';
  }
  files.vocab = await writeJson(d, 'vocab.json', specToJson(p.spec));
  files.items = await writeJson(d, 'items.json', records.items);
  files.users = await writeJson(d, 'users.json', records.users);
  const manifest = buildManifest({
    ...p,
    timings: {
      ...timings,
      // Up to here: the bundle's own files are written after the manifest is built.
      writeMs: Math.round(performance.now() - tWrite0),
      totalMs: Math.round(performance.now() - t0),
    },
    files,
  });
  await writeJson(d, 'manifest.json', manifest);
  return manifest;
}

/** How long each stage took, for the manifest (its writing and the total are added there). */
function stageTimings(prepareMs: number, retrieval: RetrievalResult, indexMs: number, ranking: RankingStage) {
  return {
    prepareMs: Math.round(prepareMs),
    retrievalExamplesMs: retrieval.examplesMs,
    retrievalMs: retrieval.ms,
    retrievalEpochs: retrieval.curve.length,
    indexMs,
    rankerMs: ranking.ranker?.ms ?? 0,
    blendMs: ranking.blendMs,
  };
}

/** Vocabularies, per-user timelines, watch counts and the item table: what every stage reads. */
function prepare(input: TrainingInput, historyLength: number, searchBuckets: number) {
  const spec = createFeatureSpec(input.items, input.users, historyLength);
  const timelines = buildTimelines(input.events, spec.items);
  attachSearches(timelines, input.searches ?? [], searchBuckets);
  const users = new Map(input.users.map((u) => [u.userId, u]));
  const counts = watchCounts(timelines.values(), spec.items.ids.length);
  const itemTable = trainingItemTable(spec, input.items, counts, timelines.values());
  return { spec, timelines, users, counts, itemTable };
}

/**
 * The whole training job: data -> vocabularies -> timelines -> retrieval model -> HNSW index
 * (recall measured against exact search) -> ranker (where the data calls for one) -> bundle
 * written atomically, with `models/current` repointed at it unless `promote` is false
 * (`reco train` first compares it with the served bundle, see retrain-guard.ts).
 */
export async function runPipeline(
  input: TrainingInput,
  modelsDir: string,
  config: PipelineConfig,
  progress: Progress,
  opts: { promote?: boolean } = {},
): Promise<PipelineResult> {
  const t0 = performance.now();
  const { spec, timelines, users, counts, itemTable } = prepare(
    input,
    config.historyLength,
    config.retrieval.searchBuckets,
  );
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
  const index = buildIndex(retrieval, spec, config, progress);
  const ranking = await trainRankingStage(spec, itemTable, retrieval, timelines, users, config, progress);
  const fp = fingerprint(input.items, input.events);
  const version = versionName(fp);
  const records = {
    users: bundleUsers(
      spec,
      input.users,
      timelines,
      snapshotSearches(input.searches, retrieval.model.config),
    ),
    items: bundleItems(spec, input.items, counts, itemTable),
  };
  const timings = stageTimings(tPrep - t0, retrieval, index.ms, ranking);
  const data = {
    source: input.source,
    fingerprint: fp,
    items: input.items.length,
    users: records.users.length,
    events: input.events.length,
  };
  const parts = {
    version,
    spec,
    config,
    retrieval,
    choice: index.choice,
    recallQueries: index.queries,
    ranking,
    data,
  };
  let manifest: Manifest | undefined;
  const dir = await writeBundle(
    modelsDir,
    version,
    async (d) => {
      manifest = await writeBundleFiles(d, parts, records, timings, t0);
    },
    { current: opts.promote !== false },
  );
  retrieval.model.dispose();
  retrieval.tuned?.dispose();
  ranking.ranker?.model.dispose();
  return { dir, manifest: manifest! };
}
