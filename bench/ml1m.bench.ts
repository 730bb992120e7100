// `reco train` (retrieval + ranker) on a synthetic data set in MovieLens-1M's shape and file
// format: 6,040 users, 3,706 movies, 1,000,209 ratings (ratings.dat, movies.dat, users.dat, `::`
// separated), every user with at least 20 ratings, Zipf-like movie popularity, users preferring
// 2-3 of 18 genres and rating those higher. MovieLens itself is never downloaded or committed.
// Runs `reco train --format movielens --ranker always` BENCH_RUNS times (default 1: a run is
// about a minute here) as a child process, timing the whole command and reading the stage times
// from the bundle's manifest. Prints a table and writes bench/results/ml1m.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, printTable } from './stats.ts';

const USERS = 6040;
const MOVIES = 3706;
const RATINGS = 1_000_209;
const GENRES = 18;
let seed = 20_260_607;
const rand = () => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
};

/** Writes the three files; returns the rating count (exactly RATINGS). */
function writeSynthetic(dir: string): number {
  const genreOf = Int32Array.from({ length: MOVIES }, () => Math.floor(rand() * GENRES));
  const pop = Float64Array.from({ length: MOVIES }, (_, i) => 1 / (i + 1) ** 0.8);
  const cum = new Float64Array(MOVIES);
  pop.reduce((s, p, i) => (cum[i] = s + p), 0);
  const pick = () => {
    const r = rand() * cum[MOVIES - 1];
    let lo = 0;
    let hi = MOVIES - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  writeFileSync(
    join(dir, 'movies.dat'),
    Array.from(
      { length: MOVIES },
      (_, i) => `${i + 1}::Movie ${i + 1} (${1950 + (i % 50)})::G${genreOf[i]}`,
    ).join('\n'),
  );
  const ages = [1, 18, 25, 35, 45, 50, 56];
  writeFileSync(
    join(dir, 'users.dat'),
    Array.from({ length: USERS }, (_, u) => `${u + 1}::M::${ages[u % 7]}::0::00000`).join('\n'),
  );
  // Per-user counts: 20 each, the rest spread with a heavy tail, summing to RATINGS exactly.
  const weight = Float64Array.from({ length: USERS }, () => rand() ** 3);
  const total = weight.reduce((a, b) => a + b, 0);
  const counts = Int32Array.from(weight, (w) => 20 + Math.floor(((RATINGS - 20 * USERS) * w) / total));
  for (let left = RATINGS - counts.reduce((a, b) => a + b, 0), u = 0; left > 0; left--, u = (u + 1) % USERS)
    counts[u]++;
  const lines: string[] = [];
  for (let u = 0; u < USERS; u++) {
    const likes = new Set([0, 1, 2].map(() => Math.floor(rand() * GENRES)));
    const seen = new Set<number>();
    let t = 956_703_932 + Math.floor(rand() * 3e7);
    while (seen.size < Math.min(counts[u], MOVIES)) {
      // Preferred genres first: a draw outside them is kept only a third of the time.
      const m = pick();
      if (seen.has(m) || (!likes.has(genreOf[m]) && rand() < 0.67 && seen.size < counts[u] - 5)) continue;
      seen.add(m);
      const r = Math.max(1, Math.min(5, Math.round((likes.has(genreOf[m]) ? 4 : 2.8) + rand() * 2 - 1)));
      t += 1 + Math.floor(rand() * 3600);
      lines.push(`${u + 1}::${m + 1}::${r}::${t}`);
    }
  }
  writeFileSync(join(dir, 'ratings.dat'), `${lines.join('\n')}\n`);
  return lines.length;
}

const root = mkdtempSync(join(tmpdir(), 'reco-ml1m-'));
const data = join(root, 'data');
mkdirSync(data);
const ratings = writeSynthetic(data);
const runs = Number(process.env.BENCH_RUNS ?? 1);
const rows: Record<string, string | number>[] = [];
for (let r = 0; r < runs; r++) {
  const out = join(root, `models-${r}`);
  const t0 = performance.now();
  execFileSync(
    'node',
    ['bin/reco.js', 'train', '--data', data, '--format', 'movielens', '--ranker', 'always', '--out', out],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const wall = (performance.now() - t0) / 1000;
  const manifest = JSON.parse(readFileSync(join(out, 'current', 'manifest.json'), 'utf8'));
  const t = manifest.timings as Record<string, number>;
  rows.push({
    run: r + 1,
    'reco train s': wall,
    'retrieval s': t.retrievalMs / 1000,
    epochs: t.retrievalEpochs,
    'index s': t.indexMs / 1000,
    'ranker s': t.rankerMs / 1000,
  });
}
const summary = { run: 'median', 'reco train s': median(rows.map((x) => Number(x['reco train s']))) };
printTable(rows);
process.stdout.write(`median reco train: ${summary['reco train s'].toFixed(1)} s over ${runs} run(s)\n`);
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/ml1m.json',
  `${JSON.stringify({ users: USERS, movies: MOVIES, ratings, rows, medianSeconds: summary['reco train s'] }, null, 2)}\n`,
);
rmSync(root, { recursive: true, force: true });
