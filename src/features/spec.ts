import type { Item, User } from '../data/types.ts';
import { createVocab, lookup, type Vocab, vocabFromIds, vocabSize } from '../data/vocab.ts';

/**
 * The feature description shared by training and serving: vocabularies and the layout of the
 * dense query features. Serialised into the bundle as `vocab.json`, so serving builds exactly
 * the arrays training saw.
 */
export interface FeatureSpec {
  items: Vocab;
  topics: Vocab;
  countries: Vocab;
  devices: Vocab;
  /** Watched items the query tower reads (the most recent N). */
  historyLength: number;
  /**
   * false: the request's device, hour and weekday are written as zeros, so neither tower nor the
   * ranker sees the context (the "without" of the contextual-modelling comparison). Absent: true.
   */
  contextFeatures?: boolean;
}

/** Age band edges: <18, 18-24, 25-34, 35-44, 45-54, 55-64, 65+; plus an unknown bucket (0). */
const AGE_EDGES = [18, 25, 35, 45, 55, 65];
const AGE_BUCKETS = AGE_EDGES.length + 2;

export function ageBucket(age: number | undefined): number {
  if (age === undefined) return 0;
  let b = 1;
  for (const edge of AGE_EDGES) if (age >= edge) b++;
  return b;
}

export function createFeatureSpec(
  items: readonly Item[],
  users: readonly User[],
  historyLength = 10,
): FeatureSpec {
  return {
    items: createVocab(items.map((i) => i.itemId)),
    topics: createVocab(items.map((i) => i.topic)),
    countries: createVocab(users.flatMap((u) => (u.country ? [u.country] : []))),
    devices: createVocab(users.flatMap((u) => (u.device ? [u.device] : []))),
    historyLength,
  };
}

/** Width of the dense query feature vector: user one-hots + context + example age. */
export function queryDenseWidth(spec: FeatureSpec): number {
  return AGE_BUCKETS + vocabSize(spec.countries) + 2 * vocabSize(spec.devices) + 2 + 7 + 2;
}

/** What is known of the requester at query time. */
export interface QueryContext {
  user?: Pick<User, 'age' | 'country' | 'device'>;
  /** Device and country of this request (fall back to the user's). */
  device?: string;
  country?: string;
  /** Request time, epoch ms: hour of day and weekday are read from it (UTC). */
  time: number;
  /**
   * The YouTube paper's "example age": how long before the end of the training data the
   * example happened, in days. It lets the model learn how popularity moves with time instead
   * of averaging over the whole window; at serving it is 0 (now is the end of the window), so
   * fresh items are not penalised for having few watches in the past.
   */
  exampleAgeDays?: number;
}

/**
 * Writes the dense query features into `out` at `offset`:
 * [age one-hot | country one-hot | user device one-hot | request device one-hot | sin/cos hour | weekday one-hot |
 *  log example age | example age in years].
 */
export function writeQueryDense(spec: FeatureSpec, q: QueryContext, out: Float32Array, offset: number): void {
  let o = offset;
  const nC = vocabSize(spec.countries);
  const nD = vocabSize(spec.devices);
  out.fill(0, o, o + queryDenseWidth(spec));
  out[o + ageBucket(q.user?.age)] = 1;
  o += AGE_BUCKETS;
  out[o + lookup(spec.countries, q.country ?? q.user?.country)] = 1;
  o += nC;
  out[o + lookup(spec.devices, q.user?.device)] = 1;
  o += nD;
  o = writeRequestContext(spec, q, out, o);
  const age = Math.max(0, q.exampleAgeDays ?? 0);
  out[o++] = Math.log1p(age) / 6;
  out[o++] = Math.min(age / 365, 4);
}

/** Request device one-hot, sin/cos hour, weekday one-hot at `o` (zeros without context features); next offset. */
function writeRequestContext(spec: FeatureSpec, q: QueryContext, out: Float32Array, o: number): number {
  const nD = vocabSize(spec.devices);
  if (spec.contextFeatures === false) return o + nD + 2 + 7;
  out[o + lookup(spec.devices, q.device ?? q.user?.device)] = 1;
  const d = new Date(q.time);
  const hour = d.getUTCHours() + d.getUTCMinutes() / 60;
  out[o + nD] = Math.sin((2 * Math.PI * hour) / 24);
  out[o + nD + 1] = Math.cos((2 * Math.PI * hour) / 24);
  out[o + nD + 2 + d.getUTCDay()] = 1;
  return o + nD + 2 + 7;
}

/** Serialisable form of the spec (vocab.json). */
export interface FeatureSpecJson {
  items: string[];
  topics: string[];
  countries: string[];
  devices: string[];
  historyLength: number;
  /** Written only when false (older bundles have none: context features on). */
  contextFeatures?: boolean;
}

export function specToJson(spec: FeatureSpec): FeatureSpecJson {
  return {
    items: [...spec.items.ids],
    topics: [...spec.topics.ids],
    countries: [...spec.countries.ids],
    devices: [...spec.devices.ids],
    historyLength: spec.historyLength,
    ...(spec.contextFeatures === false ? { contextFeatures: false } : {}),
  };
}

export function specFromJson(json: FeatureSpecJson): FeatureSpec {
  return {
    items: vocabFromIds(json.items),
    topics: vocabFromIds(json.topics),
    countries: vocabFromIds(json.countries),
    devices: vocabFromIds(json.devices),
    historyLength: json.historyLength,
    ...(json.contextFeatures === false ? { contextFeatures: false } : {}),
  };
}
