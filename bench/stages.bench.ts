// In-process serving benchmark: per-stage latency of GET /recommendations/:userId through the
// real fastify app (app.inject), on the bundle in models/current (run `npm start` or
// `reco train` first). Prints a table and writes bench/results/stages.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBundle } from '../src/bundle/read.ts';
import { parseQuotas } from '../src/bundle/sources-config.ts';
import { createMemoryStore } from '../src/events/memory-store.ts';
import { buildApp } from '../src/http/app.ts';
import { initTf, tf } from '../src/runtime/tf.ts';
import type { StageTimings } from '../src/serving/engine.ts';
import { DEFAULT_RECOMMENDER, Recommender } from '../src/serving/recommender.ts';
import { median, percentile, printTable } from './stats.ts';

const modelDir = process.env.RECO_MODEL_DIR ?? 'models';
const requests = Number(process.env.BENCH_REQUESTS ?? 3000);
const rt = await initTf();
const store = createMemoryStore();
const engine = new Recommender({ ...DEFAULT_RECOMMENDER, store });
engine.setBundle(await loadBundle(modelDir, { minIndexRecall: 0 }));
const app = await buildApp({ engine, store, logger: false });
await app.ready();
const users = [...(engine.current()?.users.keys() ?? [])];

const total: number[] = [];
type Stage = Exclude<keyof StageTimings, 'sources'>;
const stages: Record<Stage, number[]> = {
  state: [],
  query: [],
  candidates: [],
  ranking: [],
  rules: [],
  total: [],
};
// BENCH_SOURCES=ann:200,related:30,... asks every request with those candidate quotas.
const sourcesParam = process.env.BENCH_SOURCES;
const sources = sourcesParam ? parseQuotas(sourcesParam) : undefined;
if (sources && 'problem' in sources) throw new Error(`BENCH_SOURCES: ${sources.problem}`);
const query = `k=10${sourcesParam ? `&sources=${encodeURIComponent(sourcesParam)}` : ''}`;
for (let i = 0; i < 200; i++)
  await app.inject({ url: `/recommendations/${users[i % users.length]}?${query}` });
const tensors = tf.memory().numTensors;
for (let i = 0; i < requests; i++) {
  const t0 = performance.now();
  const res = await app.inject({ url: `/recommendations/${users[(i * 7919) % users.length]}?${query}` });
  total.push(performance.now() - t0);
  if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}: ${res.body}`);
  // The same request straight to the engine, for its per-stage timings.
  const { timings } = await engine.recommend({
    userId: users[(i * 7919) % users.length],
    k: 10,
    ...(sources ? { sources: sources.quotas } : {}),
  });
  for (const k of Object.keys(stages) as Stage[]) stages[k].push(timings![k]);
}
const rows = [
  ...Object.entries(stages).map(([stage, v]) => ({ stage, p50_ms: median(v), p99_ms: percentile(v, 99) })),
  { stage: 'HTTP round trip (inject)', p50_ms: median(total), p99_ms: percentile(total, 99) },
];
printTable(rows);
const result = {
  backend: rt.backend,
  requests,
  k: 10,
  candidates: DEFAULT_RECOMMENDER.candidates,
  sources: sourcesParam ?? 'the bundle’s',
  tensorsLeaked: tf.memory().numTensors - tensors,
  stages: rows,
  throughputPerSec: requests / (total.reduce((a, b) => a + b, 0) / 1000),
};
process.stdout.write(
  `throughput ${result.throughputPerSec.toFixed(0)} req/s (one in-process client), tensors leaked: ${result.tensorsLeaked}\n`,
);
mkdirSync('bench/results', { recursive: true });
writeFileSync(join('bench/results', 'stages.json'), JSON.stringify(result, null, 2));
await app.close();
