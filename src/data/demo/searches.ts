import type { Item, RecoEvent, SearchEvent } from '../types.ts';
import { createRng, type Rng } from './rng.ts';

/**
 * Searches for the demo world: before some of a user's sessions, a query that names the topic
 * the session turns out to be about (as a search box is used: look for something, then watch it),
 * or another of the user's preferred topics, or (the noise) a topic they never chose; with filler
 * words around it. So search tokens reveal a user's topics, imperfectly, and the query tower's
 * search bag has something to learn, measurable against the world without searches.
 *
 * Drawn from a stream of their own (seed + SEARCH_STREAM) after the rest of the world, so adding
 * them left the items, users, events and every figure measured on them unchanged.
 */
const SEARCH_STREAM = 104_729;

/** A session: the first event after this long without one. */
const SESSION_GAP_MS = 30 * 60_000;
/** Share of sessions a search comes before. */
const SEARCH_RATE = 0.5;
/** Of the searches: the session's own topic, else a preferred topic, else (the rest) off-topic. */
const SESSION_TOPIC = 0.6;
const PREFERRED_TOPIC = 0.25;

// biome-ignore format: a word list
const FILLER = [
  'best', 'new', 'how', 'to', 'top', 'videos', 'watch', 'funny', 'latest', 'easy', 'full',
  'tutorial', 'review', 'highlights', 'for', 'beginners', 'today', 'live',
];

/** One user's events (time order) cut into sessions: each session's start and its first watch. */
function sessions(events: readonly RecoEvent[]): { start: number; watched?: string }[] {
  const out: { start: number; watched?: string }[] = [];
  let last = Number.NEGATIVE_INFINITY;
  for (const e of events) {
    if (e.timestamp - last > SESSION_GAP_MS) out.push({ start: e.timestamp });
    last = e.timestamp;
    const s = out[out.length - 1];
    if (e.type === 'watch' && s.watched === undefined) s.watched = e.itemId;
  }
  return out;
}

/** A query about `topic`: its name, maybe one of its tags' words, and 0-2 filler words, shuffled. */
function queryAbout(rng: Rng, topic: string): string {
  const words = [topic];
  const fillers = rng.int(3);
  for (let k = 0; k < fillers; k++) words.push(rng.pick(FILLER));
  if (rng.next() < 0.3) words.push(rng.pick(FILLER));
  return rng.shuffle(words).join(' ');
}

export interface SearchWorld {
  items: readonly Item[];
  /** Time order. */
  events: readonly RecoEvent[];
  /** Planted preferred topics per user. */
  userTopics: Record<string, string[]>;
  topics: readonly string[];
}

/** The world's searches, in time order (ties: by user, as the users were generated). */
export function generateSearches(world: SearchWorld, seed: number): SearchEvent[] {
  const rng = createRng(seed + SEARCH_STREAM);
  const topicOf = new Map(world.items.map((it) => [it.itemId, it.topic]));
  const byUser = new Map<string, RecoEvent[]>();
  for (const e of world.events) {
    const list = byUser.get(e.userId) ?? [];
    list.push(e);
    byUser.set(e.userId, list);
  }
  const out: SearchEvent[] = [];
  let seq = 0;
  for (const [userId, prefs] of Object.entries(world.userTopics)) {
    const others = world.topics.filter((t) => !prefs.includes(t));
    for (const s of sessions(byUser.get(userId) ?? [])) {
      if (rng.next() >= SEARCH_RATE) continue;
      const r = rng.next();
      const own = s.watched === undefined ? undefined : topicOf.get(s.watched);
      const topic =
        r < SESSION_TOPIC && own !== undefined
          ? own
          : r < SESSION_TOPIC + PREFERRED_TOPIC || others.length === 0
            ? rng.pick(prefs)
            : rng.pick(others);
      // A minute to ten before the session's first event: searched, then watched.
      const timestamp = s.start - 60_000 - rng.int(9 * 60_000);
      out.push({ userId, type: 'search', query: queryAbout(rng, topic), timestamp, eventId: `s${++seq}` });
    }
  }
  return out
    .map((e, i) => [e, i] as const)
    .sort((a, b) => a[0].timestamp - b[0].timestamp || a[1] - b[1])
    .map(([e]) => e);
}
