// Scale on one machine (issue 18). Three parts, each in its own process where peak RSS matters
// (/usr/bin/time -v), printed as one table and written to bench/results/scale.json:
//  1. loading BENCH_DATA's events (default: a world generated here with
//     `reco generate --scale 2000 --users 220000`: 1M items, ~10.7M events, streamed) with the
//     readDataset's column view (what `reco train` reads) and as one array of objects, as training
//     once held them (BENCH_LOADERS picks): seconds and peak RSS;
//  2. `reco train` on BENCH_TRAIN_DATA (default: `reco generate --scale BENCH_TRAIN_SCALE`,
//     20: 10,000 items): wall time, peak RSS, the manifest's stage times and index figures
//     (recall@100 and latencies measured on real validation queries of the trained tower);
//  3. HNSW (M 16, efConstruction 200) over BENCH_HNSW_ITEMS (default 100,000) 64-d vectors:
//     build time, memory (RSS growth), search p50/p99 at the serving depth 200 at the efSearch
//     reaching recall@100 0.98, on 200 queries (not a trained tower's: part 2 has those).
//     BENCH_HNSW_VECTORS=clustered (default): items around 200 topic centres, queries near a
//     centre, as learnt embeddings are; `random`: i.i.d. Gaussian, HNSW's worst case.
// BENCH_PARTS=1,2,3 picks the parts.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExactIndex } from '../src/index/exact.ts';
import { HnswIndex } from '../src/index/hnsw.ts';
import { indexRecall } from '../src/index/recall.ts';
import { randomVectors } from '../test/helpers/random.ts';
import { percentile, printTable } from './stats.ts';

const root = mkdtempSync(join(tmpdir(), 'reco-scale-'));
const rows: Record<string, string | number>[] = [];
const row = (what: string, value: number | string, unit: string, command: string) =>
  rows.push({ what, value: typeof value === 'number' ? Number(value.toFixed(3)) : value, unit, command });

/** Runs a command under /usr/bin/time -v: its stdout, wall seconds and peak RSS (MiB), or its failure. */
function timed(cmd: string[]): { out: string; s: number; rssMb: number; ok: boolean } {
  const r = spawnSync('/usr/bin/time', ['-v', ...cmd], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? Number.NaN);
  const [m, s] = (/Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)/.exec(r.stderr)?.[1] ?? '0:0')
    .split(':')
    .slice(-2)
    .map(Number);
  return { out: r.stdout, s: m * 60 + s, rssMb: rss / 1024, ok: r.status === 0 };
}

function generate(dir: string, args: string[]): string {
  if (!existsSync(join(dir, 'items.jsonl')))
    execFileSync('node', ['bin/reco.js', 'generate', '--out', dir, ...args]);
  return dir;
}

const parts = (process.env.BENCH_PARTS ?? '1,2,3').split(',');
// 1. Loading 10M events.
const data = !parts.includes('1')
  ? ''
  : (process.env.BENCH_DATA ?? generate(join(root, 'w1m'), ['--scale', '2000', '--users', '220000']));
for (const how of parts.includes('1') ? (process.env.BENCH_LOADERS ?? 'columns,objects').split(',') : []) {
  const r = timed(['node', '--import', 'tsx', 'bench/load-events.ts', how, data]);
  const cmd = `node --import tsx bench/load-events.ts ${how} DIR`;
  if (!r.ok) row(`load events (${how})`, 'failed (out of memory)', '', cmd);
  else {
    row(`load events (${how}): events`, Number(r.out.split(' ')[0]), 'events', cmd);
    row(`load events (${how}): time`, r.s, 's', cmd);
  }
  row(`load events (${how}): peak RSS`, r.rssMb, 'MiB', cmd);
}

// 2. reco train at a scale that fits here.
const scale = process.env.BENCH_TRAIN_SCALE ?? '20';
if (parts.includes('2')) trainPart();
function trainPart() {
  const trainData = process.env.BENCH_TRAIN_DATA ?? generate(join(root, `w${scale}`), ['--scale', scale]);
  const models = join(root, 'models');
  const t = timed(['node', 'bin/reco.js', 'train', '--data', trainData, '--out', models]);
  const trainCmd = `reco train --data DIR (generate --scale ${scale})`;
  row('reco train: wall', t.s, 's', trainCmd);
  row('reco train: peak RSS', t.rssMb, 'MiB', trainCmd);
  if (t.ok) {
    const man = JSON.parse(readFileSync(join(models, 'current', 'manifest.json'), 'utf8'));
    row('reco train: items / events', `${man.data.items} / ${man.data.events}`, '', trainCmd);
    for (const k of ['retrievalMs', 'indexMs', 'rankerMs'])
      row(`reco train: ${k}`, man.timings[k] / 1000, 's', trainCmd);
    row('index chosen', `${man.kinds.index} (${man.metrics.index.reason})`, '', trainCmd);
    row('HNSW recall@100, real queries', man.metrics.index.hnswRecallAt100, '', trainCmd);
    row(
      'exact / HNSW ms per search (depth 200)',
      `${man.metrics.index.latencyMs.exact.toFixed(3)} / ${man.metrics.index.latencyMs.hnsw.toFixed(3)}`,
      'ms',
      trainCmd,
    );
  }
}

// 3. HNSW at BENCH_HNSW_ITEMS.
const dim = 64;
if (parts.includes('3')) hnswPart();
function hnswPart() {
  const n = Number(process.env.BENCH_HNSW_ITEMS ?? 100_000);
  const clustered = (process.env.BENCH_HNSW_VECTORS ?? 'clustered') === 'clustered';
  const vectors = clustered ? aroundCentres(n + 1, 1) : randomVectors(n + 1, dim, 1);
  const queries = clustered ? aroundCentres(200, 2) : randomVectors(200, dim, 2);
  /** Rows near one of 200 fixed centres (seeded): the shape of learnt item and query embeddings. */
  function aroundCentres(rows: number, seed: number): Float32Array {
    const centres = randomVectors(200, dim, 99);
    const noise = randomVectors(rows, dim, seed);
    const out = new Float32Array(rows * dim);
    for (let r = 0; r < rows; r++) {
      const c = (r * 7919 + seed) % 200;
      for (let j = 0; j < dim; j++) out[r * dim + j] = centres[c * dim + j] + 0.5 * noise[r * dim + j];
    }
    return out;
  }
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  const hnsw = HnswIndex.build(vectors, dim);
  const buildS = (performance.now() - t0) / 1000;
  const memMb = (process.memoryUsage().rss - rss0) / 2 ** 20;
  const exact = new ExactIndex(vectors, dim);
  let recall = indexRecall(hnsw, exact, queries, dim, 100);
  let ef = 400;
  while (recall < 0.98 && ef < 12_800) {
    ef *= 2;
    hnsw.setEfSearch(ef);
    recall = indexRecall(hnsw, exact, queries, dim, 100);
  }
  const lat = (ix: { search: (q: Float32Array, k: number) => unknown }) =>
    Array.from({ length: 200 }, (_, q) => {
      const s = performance.now();
      ix.search(queries.subarray(q * dim, (q + 1) * dim), 200);
      return performance.now() - s;
    });
  const hl = lat(hnsw);
  const el = lat(exact);
  const hc = `bench:scale part 3 (${n} ${clustered ? 'clustered' : 'random'} vectors)`;
  row('HNSW build', buildS, 's', hc);
  row('HNSW index memory (RSS growth)', memMb, 'MiB', hc);
  row('HNSW index memory per item', (memMb * 2 ** 20) / n, 'bytes', hc);
  row('HNSW efSearch / recall@100', `${ef} / ${recall.toFixed(4)}`, '', hc);
  row(
    'HNSW search p50 / p99 (depth 200)',
    `${percentile(hl, 50).toFixed(3)} / ${percentile(hl, 99).toFixed(3)}`,
    'ms',
    hc,
  );
  row(
    'exact search p50 / p99 (depth 200)',
    `${percentile(el, 50).toFixed(3)} / ${percentile(el, 99).toFixed(3)}`,
    'ms',
    hc,
  );
}
printTable(rows);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/scale.json', `${JSON.stringify({ rows }, null, 2)}\n`);
