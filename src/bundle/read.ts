import { readFile, realpath, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { itemsByIndex } from '../data/interactions.ts';
import type { Item } from '../data/types.ts';
import { BundleError, isRecoError } from '../errors.ts';
import { itemFeatureMatrix, itemFeatureWidth } from '../features/item-features.ts';
import { createItemTable, type ItemTable } from '../features/item-table.ts';
import { type FeatureSpec, type FeatureSpecJson, specFromJson } from '../features/spec.ts';
import type { CandidateIndex } from '../index/candidate-index.ts';
import { ExactIndex } from '../index/exact.ts';
import { HnswIndex } from '../index/hnsw.ts';
import { FactorizedRanker } from '../models/ranking/factorized.ts';
import { Ranker } from '../models/ranking/ranker.ts';
import { SoftmaxDnn, type SoftmaxDnnConfig } from '../models/retrieval/softmax-dnn.ts';
import { tf } from '../runtime/tf.ts';
import type { BundleItems, BundleUser } from './contents.ts';
import { type Manifest, validateManifest } from './manifest.ts';
import { rankerReadsSources } from './sources-config.ts';
import { loadWeights } from './weights.ts';

/** A bundle in memory, ready to serve. `dispose()` frees its tensors. */
export interface LoadedBundle {
  dir: string;
  manifest: Manifest;
  spec: FeatureSpec;
  retrieval: SoftmaxDnn;
  /** Absent in a bundle trained without a ranker (`kinds.ranker: none`): retrieval order. */
  ranker?: Ranker;
  /** The ranker in its serving form (same scores, first layer split per request/item/pair). */
  rankerScorer?: FactorizedRanker;
  index: CandidateIndex;
  /** V, [numItems * dim] row-major. */
  itemVectors: Float32Array;
  itemTable: ItemTable;
  /** Item records by vocabulary index (index 0 undefined). */
  items: (Item | undefined)[];
  users: Map<string, BundleUser>;
  dispose(): void;
}

export interface LoadOptions {
  /** Refuse a bundle whose measured index recall@100 is below this. */
  minIndexRecall: number;
}

/**
 * What went wrong with a bundle's file, in words that name the bundle (its directory's name, the
 * version) and never a path of this host: error bodies and info logs must not map the disk.
 */
function fileProblem(dir: string, file: string, e: unknown): BundleError {
  const err = e as NodeJS.ErrnoException;
  // A RecoError's code is reco's, not the file system's: its message says what is wrong.
  const fsCode = isRecoError(e) ? undefined : err.code;
  const why =
    fsCode === 'ENOENT'
      ? 'is missing'
      : fsCode
        ? `cannot be read (${fsCode})`
        : e instanceof SyntaxError
          ? 'is not valid JSON (truncated?)'
          : `is unusable: ${withoutPaths(err.message ?? String(e), dir)}`;
  return new BundleError(`bundle ${basename(dir)}: ${file} ${why}`);
}

/** A message with the bundle's directory replaced by its name, and other absolute paths by "…". */
function withoutPaths(message: string, dir: string): string {
  return message
    .split(dir)
    .join(basename(dir))
    .replace(/(^|[\s'"(])\/[^\s'")]+/g, '$1…');
}

async function readJson<T>(dir: string, name: string): Promise<T> {
  try {
    return JSON.parse(await readFile(join(dir, name), 'utf8')) as T;
  } catch (e) {
    throw fileProblem(dir, name, e);
  }
}

/** `parse(json)`, a failure of which is the file's (named in the error). */
function decode<J, T>(dir: string, file: string, parse: (json: J) => T, json: J): T {
  try {
    return parse(json);
  } catch (e) {
    throw fileProblem(dir, file, e);
  }
}

/** Resolves a models directory (containing `current`) or a bundle directory to the bundle. */
export async function resolveBundleDir(path: string): Promise<string> {
  const direct = await stat(join(path, 'manifest.json')).catch(() => undefined);
  if (direct) return realpath(path);
  const current = await realpath(join(path, 'current')).catch(() => undefined);
  if (!current)
    throw new BundleError(
      `no model bundle in the models directory (${basename(path)}): expected manifest.json or a current link`,
    );
  return current;
}

/**
 * Reads and validates a bundle, then warms it up (one query and one ranking pass) so the first
 * real request pays no compilation cost. The warm-up tensors are freed.
 */
export async function loadBundle(path: string, opts: LoadOptions): Promise<LoadedBundle> {
  const dir = await resolveBundleDir(path);
  try {
    return await readBundle(dir, opts);
  } catch (e) {
    // Whatever a damaged bundle makes the decoders throw is the bundle's fault (422), not ours.
    if (e instanceof BundleError) throw e;
    throw new BundleError(`bundle ${basename(dir)}: ${withoutPaths((e as Error).message ?? String(e), dir)}`);
  }
}

async function readBundle(dir: string, opts: LoadOptions): Promise<LoadedBundle> {
  const { manifest, spec } = await readHeader(dir, opts);
  const catalogue = await readJson<BundleItems>(dir, 'items.json');
  const users = await readJson<BundleUser[]>(dir, 'users.json');
  const { retrieval, ranker } = await buildModels(dir, manifest, spec, catalogue);
  const itemVectors = retrieval.itemVectors();
  const models = ranker ? [retrieval, ranker] : [retrieval];
  const index = freeOnFailure(models, dir, () => openIndex(dir, manifest, itemVectors), 'the index');
  const { watches, recent } = watchCountsByIndex(spec, catalogue, manifest.dims.numItems);
  const scorerCtx = { spec, dim: manifest.dims.dim, sourceFeatures: rankerReadsSources(manifest.config) };
  const rankerScorer = freeOnFailure(models, dir, () =>
    ranker ? new FactorizedRanker(ranker, scorerCtx) : undefined,
  );
  return {
    dir,
    manifest,
    spec,
    retrieval,
    ranker,
    rankerScorer,
    index,
    itemVectors,
    itemTable: createItemTable(spec, catalogue.items, watches, { recent }),
    items: itemsByIndex(catalogue.items, spec.items),
    users: new Map(users.map((u) => [u.userId, u])),
    dispose() {
      for (const m of [...models, rankerScorer]) m?.dispose();
    },
  };
}

/** `make()`; should it throw, the models are freed and the failure blamed on `file` (or on the bundle). */
function freeOnFailure<T>(models: { dispose(): void }[], dir: string, make: () => T, file?: string): T {
  try {
    return make();
  } catch (e) {
    for (const m of models) m.dispose();
    throw file ? fileProblem(dir, file, e) : unusable(dir, e);
  }
}

/** A model-building failure, in words that name the bundle and no path of this host. */
function unusable(dir: string, e: unknown): BundleError {
  return new BundleError(`bundle ${basename(dir)}: ${withoutPaths((e as Error).message, dir)}`);
}

/** The manifest and vocabulary, refused below the index recall floor or when their item counts disagree. */
async function readHeader(dir: string, opts: LoadOptions) {
  const name = basename(dir);
  const manifest = validateManifest(await readJson(dir, 'manifest.json'), `bundle ${name}`);
  const recall = manifest.metrics?.index?.recallAt100;
  if (typeof recall === 'number' && recall < opts.minIndexRecall)
    throw new BundleError(
      `bundle ${name}: index recall@100 ${recall.toFixed(4)} is below the floor ${opts.minIndexRecall} (RECO_MIN_INDEX_RECALL); rebuild with larger efConstruction/M`,
    );
  const spec = decode(dir, 'vocab.json', specFromJson, await readJson<FeatureSpecJson>(dir, 'vocab.json'));
  const [have, want] = [spec.items.ids.length, manifest.dims.numItems];
  if (have !== want)
    throw new BundleError(`bundle ${name}: vocab.json has ${have} items, manifest says ${want}`);
  return { manifest, spec };
}
type RecordedRetrieval = Partial<SoftmaxDnnConfig> & {
  hidden: number[];
  seed: number;
  searchInput?: boolean;
};

/** The retrieval model (with the catalogue's ids and features) and the ranker (unless the bundle has none). */
async function buildModels(dir: string, manifest: Manifest, spec: FeatureSpec, catalogue: BundleItems) {
  const retrievalCfg = manifest.config.retrieval as RecordedRetrieval;
  const rankerCfg = manifest.config.ranker as { hidden: number[]; seed: number };
  const withRanker = manifest.kinds.ranker !== 'none';
  const rw = await loadWeights(dir, 'retrieval').catch((e) => {
    throw fileProblem(dir, 'retrieval weights', e);
  });
  const kw: tf.NamedTensorMap = withRanker
    ? await loadWeights(dir, 'ranker').catch((e) => {
        tf.dispose(Object.values(rw));
        throw fileProblem(dir, 'ranker weights', e);
      })
    : {};
  let retrieval: SoftmaxDnn | undefined;
  let ranker: Ranker | undefined;
  try {
    retrieval = new SoftmaxDnn(retrievalConfig(manifest, spec, retrievalCfg), rw);
    retrieval.setItemIds(spec.items.ids);
    // The item tower needs the catalogue's content features, at the training reference time.
    const featureTime = (manifest.config.itemFeatureTime as number | undefined) ?? 0;
    retrieval.setItemFeatures(itemFeatureMatrix(spec, catalogue.items, featureTime));
    const { rankerWidth: inputWidth } = manifest.dims;
    if (withRanker) ranker = new Ranker({ inputWidth, hidden: rankerCfg.hidden, seed: rankerCfg.seed }, kw);
  } catch (e) {
    retrieval?.dispose();
    ranker?.dispose();
    throw unusable(dir, e);
  } finally {
    tf.dispose([...Object.values(rw), ...Object.values(kw)]);
  }
  return { retrieval, ranker };
}

/** The retrieval model's configuration: the manifest's dims and recorded options, with their defaults. */
function retrievalConfig(manifest: Manifest, spec: FeatureSpec, cfg: RecordedRetrieval): SoftmaxDnnConfig {
  const { numItems, denseWidth, historyLength, dim } = manifest.dims;
  return {
    numItems,
    denseWidth,
    historyLength,
    dim,
    hidden: cfg.hidden,
    seed: cfg.seed,
    itemRepresentation: cfg.itemRepresentation ?? 'id',
    itemFeatureWidth: itemFeatureWidth(spec),
    itemHidden: cfg.itemHidden,
    idBuckets: cfg.idBuckets,
    lastItemInput: cfg.lastItemInput ?? false,
    timeDecayInput: cfg.timeDecayInput ?? false,
    attentionInput: cfg.attentionInput ?? false,
    // Bundles from before searches have no search input (and no search weights).
    ...(cfg.searchInput ? { searchBuckets: cfg.searchBuckets, searchLength: cfg.searchLength } : {}),
  };
}

/** The candidate index: the bundle's HNSW file, or exact search over V. */
function openIndex(dir: string, manifest: Manifest, itemVectors: Float32Array): CandidateIndex {
  const efSearch = (manifest.config.hnsw as { efSearch?: number } | undefined)?.efSearch ?? 400;
  return manifest.kinds.index === 'hnsw'
    ? HnswIndex.load(join(dir, manifest.files.index), manifest.dims.dim, efSearch)
    : new ExactIndex(itemVectors, manifest.dims.dim);
}

function watchCountsByIndex(spec: FeatureSpec, catalogue: BundleItems, numItems: number) {
  const watches = new Float64Array(numItems);
  const recent = new Float64Array(numItems);
  catalogue.items.forEach((it, i) => {
    watches[spec.items.index.get(it.itemId) ?? 0] = catalogue.watches[i] ?? 0;
    recent[spec.items.index.get(it.itemId) ?? 0] = catalogue.recentWatches?.[i] ?? 0;
  });
  return { watches, recent };
}
