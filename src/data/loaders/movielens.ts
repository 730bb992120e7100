import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Item, RecoEvent, User } from '../types.ts';
import type { Dataset } from './jsonl.ts';
import { dataError, eachLine, LineError } from './lines.ts';

/**
 * Readers for the public MovieLens releases, which users download themselves (their licence
 * forbids redistribution, so reco ships none): 100K (`u.data`, `u.item`, `u.user`), 1M
 * (`ratings.dat`, `movies.dat`, `users.dat`) and the CSV releases (`ratings.csv`, `movies.csv`).
 *
 * Every rating becomes a `watch` (MovieLens has no impressions); a rating below
 * `dislikeBelow` also becomes a `dislike`. Genres become the item's topic (the first genre) and
 * tags (all). Durations are unknown in MovieLens: every item gets 6,000 s. The publish time is
 * Jan 1 of the release year from the title, else the movie's first rating.
 */
export type MovieLensFormat = '100k' | '1m' | 'csv';

export interface MovieLensOptions {
  /** Ratings strictly below this also emit a dislike; undefined = never. */
  dislikeBelow?: number;
  /** watchTime of the watch event: rating × 60 s (`rating`, default) or 60 s (`constant`). */
  weight?: 'rating' | 'constant';
}

// biome-ignore format: the 19 genre flags of u.item, in column order
const GENRES_100K = [
  'unknown', 'Action', 'Adventure', 'Animation', "Children's", 'Comedy', 'Crime', 'Documentary', 'Drama',
  'Fantasy', 'Film-Noir', 'Horror', 'Musical', 'Mystery', 'Romance', 'Sci-Fi', 'Thriller', 'War', 'Western',
];
const DURATION_SEC = 6000;

export function detectMovieLens(dir: string): MovieLensFormat | undefined {
  if (existsSync(join(dir, 'u.data'))) return '100k';
  if (existsSync(join(dir, 'ratings.dat'))) return '1m';
  if (existsSync(join(dir, 'ratings.csv'))) return 'csv';
  return undefined;
}

/** Splits one CSV line: commas outside quotes separate fields; "" inside quotes is a quote. */
export function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}

function yearFromTitle(title: string): number | undefined {
  const m = /\((\d{4})\)\s*$/.exec(title.trim());
  return m ? Date.UTC(Number(m[1]), 0, 1) : undefined;
}

const NUMERIC_ID = /^\d+$/;

/** Item-id order: numeric when both ids are plain integers, else code-unit order. */
function byItemId(a: string, b: string): number {
  if (NUMERIC_ID.test(a) && NUMERIC_ID.test(b)) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

interface Rating {
  user: string;
  item: string;
  rating: number;
  time: number;
}

function rating(user: string, item: string, r: string, t: string): Rating {
  const value = Number(r);
  const seconds = Number(t);
  if (!user || !item) throw new LineError('expected user and item ids');
  if (!Number.isFinite(value)) throw new LineError(`rating: expected a number, got "${r}"`);
  if (!Number.isFinite(seconds)) throw new LineError(`timestamp: expected unix seconds, got "${t}"`);
  return { user, item, rating: value, time: seconds * 1000 };
}

/** Reads a MovieLens directory (format detected) into reco's dataset shape. */
export async function readMovieLens(dir: string, opts: MovieLensOptions = {}): Promise<Dataset> {
  const format = detectMovieLens(dir);
  if (!format) throw dataError(dir, 'no MovieLens files (u.data, ratings.dat or ratings.csv)');
  const file = (name: string) => join(dir, name);
  const { ratings, movies, users } = await READERS[format](file);
  const { events, firstSeen } = ratingEvents(ratings, opts);
  // Rated movies missing from the movie file still become items (topic "unknown").
  const ids = new Set([...movies.keys(), ...firstSeen.keys()]);
  const items: Item[] = [...ids].map((id) => {
    const m = movies.get(id);
    const genres = m?.genres.length ? m.genres : ['unknown'];
    return {
      itemId: id,
      topic: genres[0],
      tags: genres,
      durationSec: DURATION_SEC,
      publishedAt: m?.published ?? firstSeen.get(id) ?? 0,
    };
  });
  const known = new Set(users.map((u) => u.userId));
  for (const r of ratings) {
    if (!known.has(r.user)) {
      known.add(r.user);
      users.push({ userId: r.user });
    }
  }
  return { items, users, events, source: dir };
}

/** A release's files as read: ratings in file order, movies by id, users from the user file. */
interface Release {
  ratings: Rating[];
  movies: Map<string, { genres: string[]; published?: number }>;
  users: User[];
}

const READERS: Record<MovieLensFormat, (file: (name: string) => string) => Promise<Release>> = {
  '100k': read100k,
  '1m': read1m,
  csv: readCsvRelease,
};

/** 100K: `u.data` (tab-separated), `u.item` (genre flags, latin1) and `u.user`. */
async function read100k(file: (name: string) => string): Promise<Release> {
  const release: Release = { ratings: [], movies: new Map(), users: [] };
  await eachLine(file('u.data'), 'utf8', (line) => {
    const [u, i, r, t] = line.split('\t');
    release.ratings.push(rating(u, i, r, t));
  });
  if (existsSync(file('u.item'))) {
    await eachLine(file('u.item'), 'latin1', (line) => {
      const f = line.split('|');
      if (f.length < 5 + GENRES_100K.length)
        throw new LineError(`expected ${5 + GENRES_100K.length} fields, got ${f.length}`);
      const flags = f.slice(f.length - GENRES_100K.length);
      const released = Date.parse(f[2]);
      release.movies.set(f[0], {
        genres: GENRES_100K.filter((_, g) => flags[g] === '1'),
        published: yearFromTitle(f[1]) ?? (Number.isFinite(released) ? released : undefined),
      });
    });
  }
  if (existsSync(file('u.user'))) {
    await eachLine(file('u.user'), 'utf8', (line) => {
      const [id, age] = line.split('|');
      release.users.push({ userId: id, ...(Number.isInteger(Number(age)) ? { age: Number(age) } : {}) });
    });
  }
  return release;
}

/** 1M: `ratings.dat`, `movies.dat` (latin1) and `users.dat`, fields separated by `::`. */
async function read1m(file: (name: string) => string): Promise<Release> {
  const release: Release = { ratings: [], movies: new Map(), users: [] };
  await eachLine(file('ratings.dat'), 'utf8', (line) => {
    const [u, i, r, t] = line.split('::');
    release.ratings.push(rating(u, i, r, t));
  });
  if (existsSync(file('movies.dat'))) {
    await eachLine(file('movies.dat'), 'latin1', (line) => {
      const [id, title, genres] = line.split('::');
      if (genres === undefined) throw new LineError('expected MovieID::Title::Genres');
      release.movies.set(id, { genres: genres.split('|').filter(Boolean), published: yearFromTitle(title) });
    });
  }
  if (existsSync(file('users.dat'))) {
    // UserID::Gender::Age::Occupation::Zip-code; Age is the band's lower bound (1, 18, 25, ...).
    await eachLine(file('users.dat'), 'utf8', (line) => {
      const [id, , age] = line.split('::');
      release.users.push({ userId: id, ...(Number.isInteger(Number(age)) ? { age: Number(age) } : {}) });
    });
  }
  return release;
}

/** The CSV releases: `ratings.csv` and `movies.csv`, each with a header line; no user file. */
async function readCsvRelease(file: (name: string) => string): Promise<Release> {
  const release: Release = { ratings: [], movies: new Map(), users: [] };
  await eachLine(
    file('ratings.csv'),
    'utf8',
    (line) => {
      const [u, i, r, t] = parseCsvLine(line);
      release.ratings.push(rating(u, i, r, t));
    },
    true,
  );
  if (existsSync(file('movies.csv'))) {
    await eachLine(
      file('movies.csv'),
      'utf8',
      (line) => {
        const [id, title, genres] = parseCsvLine(line);
        if (genres === undefined) throw new LineError('expected movieId,title,genres');
        const list = genres === '(no genres listed)' ? [] : genres.split('|').filter(Boolean);
        release.movies.set(id, { genres: list, published: yearFromTitle(title) });
      },
      true,
    );
  }
  return release;
}

/** The watch (and dislike) events in protocol order, and each item's first rating time. */
function ratingEvents(ratings: Rating[], opts: MovieLensOptions) {
  // Ratings in the same second (users rate in batches) keep the order of the published protocol
  // (../docs/evaluation.md): by item id, numerically where both ids are numbers, so the held-out
  // item is the same for every tool that follows it, whatever the file's line order.
  const order = ratings
    .map((r, i) => [r, i] as const)
    .sort((a, b) => a[0].time - b[0].time || byItemId(a[0].item, b[0].item) || a[1] - b[1]);
  const events: RecoEvent[] = [];
  const firstSeen = new Map<string, number>();
  for (const [r] of order) {
    if (!firstSeen.has(r.item)) firstSeen.set(r.item, r.time);
    events.push({
      userId: r.user,
      itemId: r.item,
      type: 'watch',
      timestamp: r.time,
      watchTime: opts.weight === 'constant' ? 60 : r.rating * 60,
    });
    if (opts.dislikeBelow !== undefined && r.rating < opts.dislikeBelow) {
      events.push({ userId: r.user, itemId: r.item, type: 'dislike', timestamp: r.time });
    }
  }
  return { events, firstSeen };
}
