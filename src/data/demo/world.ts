import { ConfigError } from '../../errors.ts';
import { DAY_MS } from '../../foundation/time.ts';
import type { Item, RecoEvent, User } from '../types.ts';
import { type ContextEffects, contextEffects, type WatchFactor as Fx } from './context-effects.ts';
import { eventLog, type Push } from './event-log.ts';
import { withProviders } from './providers.ts';
import { createRng, type Rng } from './rng.ts';
import { sampler } from './sampler.ts';

/**
 * The built-in demo world: a deterministic catalogue, users and time-ordered sessions with a planted
 * preference structure, so every part of reco can be trained and checked without a restricted data set:
 * - each user prefers 2-3 topics (the "coloured groups" of the folding example), shifted by age band
 *   and country (each has favourite topics), so features carry signal for cold start;
 * - item popularity is Zipf-skewed, so most-popular is a real but beatable baseline;
 * - a session sticks to one topic, the next continues it with probability 0.6: recent watches predict;
 * - watch probability and share are high in the session topic, lower in other preferred topics, low
 *   elsewhere; dislikes fall mostly on off-topic impressions; context matters only with `context`.
 */
export interface WorldTruth {
  /** Planted preferred topics per user. */
  userTopics: Record<string, string[]>;
}

export interface DemoWorld {
  items: Item[];
  users: User[];
  events: RecoEvent[];
  truth: WorldTruth;
  meta: { seed: number; scale: number; generatedAt: number; topics: string[] };
}

export interface WorldOptions {
  seed?: number;
  /** Size multiplier: items = 500·s, users = 1000·s^0.6, topics = 12·s^0.25, ~50 events/user. */
  scale?: number;
  /** Plant the context effect of context-effects.ts (off: the default world, unchanged). */
  context?: boolean;
  /** Users instead of 1000·s^0.6 (events grow with users: ~46 each; 10M events at 220,000). */
  users?: number;
}

/** Fixed reference "now": every timestamp lies before it, so output never depends on the clock. */
export const DEMO_NOW = Date.UTC(2026, 5, 1);

// biome-ignore format: twenty short names, one per line would fill a screen
const TOPIC_NAMES = [
  'cooking', 'gaming', 'music', 'news', 'sports', 'science', 'travel', 'comedy', 'fitness', 'tech',
  'fashion', 'film', 'history', 'nature', 'cars', 'art', 'finance', 'kids', 'diy', 'pets',
];
const COUNTRIES = ['US', 'GB', 'DE', 'FR', 'IN', 'BR', 'JP', 'KR'];
const COUNTRY_WEIGHTS = [30, 10, 10, 8, 18, 10, 8, 6];
const DEVICES = ['mobile', 'desktop', 'tv'];
const DEVICE_WEIGHTS = [55, 30, 15];
const GLOBAL_TAGS = ['hd', 'live', 'short', 'series', 'classic'];

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const pickCountry = sampler(COUNTRY_WEIGHTS);
const pickDevice = sampler(DEVICE_WEIGHTS);

/** What every user is drawn from: the seeded stream, topics, catalogue and demographic tastes. */
export function worldSetup(opts: WorldOptions) {
  const seed = opts.seed ?? 42;
  const scale = opts.scale ?? 1;
  if (!(scale > 0) || !Number.isFinite(scale))
    throw new ConfigError(`scale: expected a positive number, got ${scale}`);
  const rng = createRng(seed);
  const nTopics = Math.max(4, Math.round(12 * scale ** 0.25));
  const topics = Array.from({ length: nTopics }, (_, t) => TOPIC_NAMES[t] ?? `topic-${t + 1}`);
  const topicWeights = topics.map((_, t) => 1 / (t + 1) ** 0.5);
  const cat = generateCatalogue(rng, topics, topicWeights, Math.max(20, Math.round(500 * scale)));
  // Demographic tastes: favourite topics per age band and per country.
  const ageBandFavs = Array.from({ length: 4 }, () => [rng.int(nTopics), rng.int(nTopics), rng.int(nTopics)]);
  const countryFavs = COUNTRIES.map(() => [rng.int(nTopics), rng.int(nTopics)]);
  const effects = opts.context ? contextEffects(seed) : undefined;
  const nUsers = opts.users ?? Math.max(10, Math.round(1000 * scale ** 0.6));
  return {
    seed,
    scale,
    rng,
    topics,
    cat,
    tastes: { topicWeights, ageBandFavs, countryFavs },
    effects,
    nUsers,
  };
}

export function generateWorld(opts: WorldOptions = {}): DemoWorld {
  const { seed, scale, rng, topics, cat, tastes, effects, nUsers } = worldSetup(opts);
  const users: User[] = [];
  const truth: WorldTruth = { userTopics: {} };
  const log = eventLog();
  for (let u = 0; u < nUsers; u++) {
    const viewer = generateViewer(rng, `u${u + 1}`, tastes);
    users.push(viewer.user);
    truth.userTopics[viewer.user.userId] = viewer.prefs.map((t) => topics[t]);
    generateSessions(rng, cat, viewer, log.push, effects);
  }
  // Global time order; ties keep creation order (eventIds increase within a user's session).
  const { events } = log;
  const order = events.map((e, i) => [e.timestamp, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return {
    items: withProviders(cat.items, seed),
    users,
    events: order.map(([, i]) => events[i]),
    truth,
    meta: { seed, scale, generatedAt: DEMO_NOW, topics },
  };
}

type Catalogue = ReturnType<typeof generateCatalogue>;

/**
 * Items: topic, tags, duration, publish time; hidden popularity (Zipf over a random order) and
 * quality, and the samplers the sessions draw items with.
 */
function generateCatalogue(rng: Rng, topics: string[], topicWeights: number[], nItems: number) {
  const topicDuration = topics.map(() => Math.log(120 + rng.next() * 900));
  const topicTags = topics.map((name) => Array.from({ length: 6 }, (_, k) => `${name}-${k + 1}`));
  const pickTopic = sampler(topicWeights);
  const ranks = rng.shuffle(Array.from({ length: nItems }, (_, i) => i + 1));
  const items: Item[] = [];
  const itemTopic = new Int32Array(nItems);
  const popularity = new Float64Array(nItems);
  const quality = new Float64Array(nItems);
  for (let i = 0; i < nItems; i++) {
    const t = pickTopic(rng);
    itemTopic[i] = t;
    popularity[i] = 1 / ranks[i] ** 0.9;
    quality[i] = rng.next();
    const tags = [rng.pick(topicTags[t]), rng.pick(topicTags[t])];
    if (rng.next() < 0.5) tags.push(rng.pick(GLOBAL_TAGS));
    items.push({
      itemId: `i${i + 1}`,
      topic: topics[t],
      tags: [...new Set(tags)],
      durationSec: Math.round(clamp(Math.exp(topicDuration[t] + 0.6 * rng.normal()), 30, 3600)),
      publishedAt: DEMO_NOW - Math.round(180 * DAY_MS * rng.next() ** 1.5) - rng.int(DAY_MS),
    });
  }
  const byTopic = topics.map(() => [] as number[]);
  for (let i = 0; i < nItems; i++) byTopic[itemTopic[i]].push(i);
  const topicSamplers = byTopic.map((list) => sampler(list.map((i) => popularity[i])));
  return { items, itemTopic, quality, byTopic, topicSamplers, globalSampler: sampler(popularity) };
}

type Tastes = { topicWeights: number[]; ageBandFavs: number[][]; countryFavs: number[][] };
type Viewer = ReturnType<typeof generateViewer>;

/** A user and their planted tastes: preferred topics (shifted by age band and country) and weights. */
export function generateViewer(rng: Rng, userId: string, { topicWeights, ageBandFavs, countryFavs }: Tastes) {
  const age = Math.round(clamp(36 + 13 * rng.normal(), 16, 75));
  const c = pickCountry(rng);
  const device = DEVICES[pickDevice(rng)];
  const band = age < 25 ? 0 : age < 40 ? 1 : age < 55 ? 2 : 3;
  const prior = topicWeights.map(
    (w, t) => w * (1 + (ageBandFavs[band].includes(t) ? 4 : 0) + (countryFavs[c].includes(t) ? 2 : 0)),
  );
  const prefs: number[] = [];
  const nPrefs = 2 + rng.int(2);
  while (prefs.length < nPrefs) {
    const t = rng.weightedIndex(prior);
    if (!prefs.includes(t)) prefs.push(t);
  }
  const prefWeights = prefs.map(() => 0.5 + rng.next());
  return { user: { userId, age, country: COUNTRIES[c], device }, country: c, prefs, prefWeights };
}

type Context = RecoEvent['context'];

/** A viewer's sessions over the last 60 days: each sticks to a topic, the next continuing it or not. */
export function generateSessions(
  rng: Rng,
  cat: Catalogue,
  viewer: Viewer,
  push: Push,
  fx?: ContextEffects,
): void {
  const { prefs, prefWeights } = viewer;
  const nSessions = 1 + rng.poisson(3);
  const starts = Array.from(
    { length: nSessions },
    () => DEMO_NOW - 60 * DAY_MS + Math.floor(rng.next() * 60 * DAY_MS),
  ).sort((a, b) => a - b);
  const watched = new Set<number>();
  let sessionTopic = prefs[rng.weightedIndex(prefWeights)];
  for (const start of starts) {
    if (rng.next() >= 0.6) sessionTopic = prefs[rng.weightedIndex(prefWeights)];
    const sessionDevice = rng.next() < 0.85 ? viewer.user.device : DEVICES[pickDevice(rng)];
    const s = fx?.session(viewer.user.userId, start, sessionDevice) ?? { start, device: sessionDevice };
    const context = { device: s.device, country: COUNTRIES[viewer.country] };
    const scene: Scene = { viewer, watched, push, topic: sessionTopic, context, fx: s.factor };
    const nImpressions = 4 + rng.int(6);
    let t = s.start;
    for (let k = 0; k < nImpressions; k++) {
      const fromSession = rng.next() < 0.65 && cat.byTopic[sessionTopic].length > 0;
      const item = fromSession
        ? cat.byTopic[sessionTopic][cat.topicSamplers[sessionTopic](rng)]
        : cat.globalSampler(rng);
      if (watched.has(item)) continue;
      t = react(rng, cat, scene, item, t);
    }
  }
}

/** What a session's impressions share: who, what was already watched, the log, the topic and context. */
type Scene = { viewer: Viewer; watched: Set<number>; push: Push; topic: number; context: Context; fx?: Fx };

/** One impression at `t` and the viewer's reaction (watch, maybe like; else dislike or skip); the next time. */
function react(rng: Rng, cat: Catalogue, scene: Scene, item: number, t: number): number {
  const { viewer, watched, push, context } = scene;
  const { userId } = viewer.user;
  const it = cat.items[item];
  const topic = cat.itemTopic[item];
  const preferred = viewer.prefs.includes(topic);
  push({ userId, itemId: it.itemId, type: 'impression', timestamp: t, context });
  const base = topic === scene.topic ? 0.6 : preferred ? 0.3 : 0.04;
  if (rng.next() < base * (0.6 + 0.4 * cat.quality[item]) * (scene.fx?.(it.durationSec) ?? 1)) {
    watched.add(item);
    const share = clamp((preferred ? 0.7 : 0.3) + 0.2 * rng.normal(), 0.05, 1);
    const watchTime = Math.max(0.1, Math.round(share * it.durationSec * 10) / 10);
    push({ userId, itemId: it.itemId, type: 'watch', watchTime, timestamp: t + 3000, context });
    if (share > 0.8 && rng.next() < 0.3) {
      push({
        userId,
        itemId: it.itemId,
        type: 'like',
        timestamp: t + 3000 + Math.round(watchTime * 1000),
        context,
      });
    }
    return t + 3000 + Math.round(watchTime * 1000) + 5000;
  }
  if (!preferred && rng.next() < 0.08) {
    push({ userId, itemId: it.itemId, type: 'dislike', timestamp: t + 2000, context });
  } else if (rng.next() < 0.9) {
    push({ userId, itemId: it.itemId, type: 'skip', timestamp: t + 2000, context });
  }
  return t + 4000;
}
