// Serving state at volume: 1M events of one user and 1M events over 100k users in a SQLite store
// (appended through the store in large batches, as POST /events would store them), a small demo
// bundle installed, then p50/p99 of GET /recommendations/:userId through the real app
// (app.inject) for the heavy user (state rebuilt from the store at each request, and cached) and
// for random users, and RSS along the way. Prints a table and writes bench/results/state.json.
// BENCH_MODEL_DIR: a models directory to serve (else one is trained once under BENCH_STATE_DIR).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBundle } from '../src/bundle/read.ts';
import type { EventType, RecoEvent } from '../src/data/types.ts';
import { openSqliteStore } from '../src/events/sqlite-store.ts';
import { buildApp } from '../src/http/app.ts';
import { initTf } from '../src/runtime/tf.ts';
import { DEFAULT_RECOMMENDER, Recommender } from '../src/serving/recommender.ts';
import { median, percentile, printTable } from './stats.ts';

const dir = process.env.BENCH_STATE_DIR ?? join(tmpdir(), 'reco-bench-state');
const perUser = Number(process.env.BENCH_HEAVY_EVENTS ?? 1_000_000);
const spread = Number(process.env.BENCH_SPREAD_EVENTS ?? 1_000_000);
const spreadUsers = Number(process.env.BENCH_SPREAD_USERS ?? 100_000);
const requests = Number(process.env.BENCH_REQUESTS ?? 500);
const BATCH = 50_000;
const mib = () => process.memoryUsage().rss / 2 ** 20;

/** The bundle to serve: BENCH_MODEL_DIR, or a demo world at scale 0.2 trained once and reused. */
function modelDir(): string {
  if (process.env.BENCH_MODEL_DIR) return process.env.BENCH_MODEL_DIR;
  const models = join(dir, 'models');
  if (existsSync(join(models, 'current'))) return models;
  const run = (...args: string[]) => execFileSync('node', ['bin/reco.js', ...args], { stdio: 'inherit' });
  run('generate', '--out', join(dir, 'data'), '--seed', '42', '--scale', '0.2');
  run('train', '--data', join(dir, 'data'), '--out', models);
  return models;
}

const rt = await initTf();
const models = modelDir();
const bundle = await loadBundle(join(models, 'current'), { minIndexRecall: 0 });
const itemIds = bundle.spec.items.ids.slice(1);
mkdirSync(dir, { recursive: true });
const dbPath = join(dir, 'state.sqlite');
for (const f of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) rmSync(f, { force: true });
const store = openSqliteStore(dbPath);
const rss: Record<string, number> = { start: mib() };

// Mostly impressions, as a real stream is; one watch in five, some likes and skips.
const TYPES: EventType[] = ['impression', 'impression', 'impression', 'watch', 'impression', 'skip', 'like'];
const t0 = Date.now() - 400 * 86_400_000;
function event(userId: string, n: number): RecoEvent {
  const type = TYPES[n % TYPES.length];
  const e: RecoEvent = { userId, itemId: itemIds[(n * 7919) % itemIds.length], type, timestamp: t0 + n * 10 };
  if (type === 'watch') e.watchTime = 30 + (n % 600);
  return e;
}

async function load(count: number, user: (n: number) => string): Promise<number> {
  const start = performance.now();
  for (let from = 0; from < count; from += BATCH) {
    const batch: RecoEvent[] = [];
    for (let n = from; n < Math.min(count, from + BATCH); n++) batch.push(event(user(n), n));
    await store.append(batch);
  }
  return (performance.now() - start) / 1000;
}

const heavy = 'heavy-user';
const loadHeavyS = await load(perUser, () => heavy);
const loadSpreadS = await load(spread, (n) => `user-${n % spreadUsers}`);
rss.loaded = mib();
const engine = new Recommender({ ...DEFAULT_RECOMMENDER, store });
await engine.install(bundle);
const app = await buildApp({ engine, store, logger: false });
await app.ready();
rss.installed = mib();

async function timed(userId: string): Promise<number> {
  const start = performance.now();
  const res = await app.inject({ url: `/recommendations/${encodeURIComponent(userId)}?k=10` });
  const ms = performance.now() - start;
  if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}: ${res.body}`);
  return ms;
}

/** The heavy user's cached state dropped, as an event stored for them does (a search: no item). */
const forget = () => engine.observe([{ userId: heavy, type: 'search', query: 'x', timestamp: Date.now() }]);
for (let i = 0; i < 20; i++) await timed(`user-${i}`); // warm-up
const sample = { heavyRebuilt: [] as number[], heavyCached: [] as number[], randomUsers: [] as number[] };
for (let i = 0; i < requests; i++) {
  await forget();
  sample.heavyRebuilt.push(await timed(heavy));
  sample.heavyCached.push(await timed(heavy));
  // A different user each time (no cache hit): their ~10 events read from the store.
  sample.randomUsers.push(await timed(`user-${(i * 48_271 + 17) % spreadUsers}`));
}
rss.served = mib();
const rows = Object.entries(sample).map(([request, v]) => ({
  request,
  p50_ms: median(v),
  p99_ms: percentile(v, 99),
}));
printTable(rows);
const events = await store.count();
process.stdout.write(
  `${events} events (${perUser} of one user, ${spread} over ${spreadUsers} users), loaded in ` +
    `${loadHeavyS.toFixed(1)} s + ${loadSpreadS.toFixed(1)} s; RSS MiB: ` +
    `${Object.entries(rss)
      .map(([k, v]) => `${k} ${v.toFixed(0)}`)
      .join(', ')}\n`,
);
mkdirSync('bench/results', { recursive: true });
const result = { backend: rt.backend, events, perUser, spread, spreadUsers, requests, rows, rssMiB: rss };
writeFileSync(
  join('bench/results', 'state.json'),
  JSON.stringify({ ...result, loadHeavyS, loadSpreadS }, null, 2),
);
await app.close();
