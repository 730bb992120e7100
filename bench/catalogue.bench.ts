// Step cost against catalogue size, dense against sparse (lazy) Adam on the id tables: the
// reference model (d=64, one 256-unit ReLU layer, last 10 watches, batch 512, in-batch sampled
// softmax) on 1,700, 100,000 and 1,000,000 items (BENCH_ITEMS overrides), synthetic Zipf-like
// batches as in bench/train.bench.ts. Dense: the tables' gradients are table-shaped and Adam
// passes over every row; sparse: the step reads slabs of the rows it touches
// (src/training/sparse-tables.ts). Each configuration warms up for 5 steps, then times
// BENCH_STEPS steps (default 40). Prints a table and writes bench/results/catalogue.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { inBatchSoftmaxLoss } from '../src/models/retrieval/sampled-softmax.ts';
import { SoftmaxDnn } from '../src/models/retrieval/softmax-dnn.ts';
import { nativeAddon } from '../src/runtime/native.ts';
import { initTf, runtimeSummary, tf } from '../src/runtime/tf.ts';
import { FusedAdam } from '../src/training/adam.ts';
import { DEFAULT_RETRIEVAL_CONFIG } from '../src/training/retrieval-config.ts';
import { sparseTables } from '../src/training/sparse-tables.ts';
import { median, percentile, printTable } from './stats.ts';

const rt = await initTf('wasm');
const BATCH = 512;
const N = 10;
const DENSE = 30;
const STEPS = Number(process.env.BENCH_STEPS ?? 40);
const sizes = (process.env.BENCH_ITEMS ?? '1700,100000,1000000').split(',').map(Number);

let seed = 12345;
const rand = () => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
const zipf = (n: number) => 1 + Math.min(n - 2, Math.floor(n ** rand()) - 1);
const batch = (numItems: number) => ({
  size: BATCH,
  historyIds: Int32Array.from({ length: BATCH * N }, () => zipf(numItems)),
  meanWeights: new Float32Array(BATCH * N).fill(1 / N),
  recentWeights: new Float32Array(BATCH * N).fill(1 / N),
  dense: Float32Array.from({ length: BATCH * DENSE }, () => (rand() < 0.2 ? 1 : 0)),
  labels: Int32Array.from({ length: BATCH }, () => zipf(numItems)),
});

function run(numItems: number, mode: 'dense' | 'sparse') {
  const model = new SoftmaxDnn({
    numItems,
    denseWidth: DENSE,
    historyLength: N,
    dim: 64,
    hidden: [256],
    seed: 1,
  });
  const opt = new FusedAdam(0.001);
  const config = { ...DEFAULT_RETRIEVAL_CONFIG, batchSize: BATCH, sparseEmbeddings: 'on' as const };
  const sparse = mode === 'sparse' ? sparseTables(model, config, opt) : undefined;
  const variables = sparse?.variables ?? model.variables();
  const batches = Array.from({ length: 4 }, () => batch(numItems));
  const step = (b: (typeof batches)[number]) => {
    const f = () => inBatchSoftmaxLoss(model.query(b), model.candidates(b.labels), b.labels);
    const l = tf.tidy(() => opt.minimize(() => (sparse ? sparse.within(b, f) : f()), true, variables)!);
    l.dataSync();
    l.dispose();
  };
  for (let s = 0; s < 5; s++) step(batches[s % 4]);
  const times: number[] = [];
  for (let s = 0; s < STEPS; s++) {
    const t0 = performance.now();
    step(batches[s % 4]);
    times.push(performance.now() - t0);
  }
  const rss = process.memoryUsage().rss;
  sparse?.dispose();
  opt.dispose();
  model.dispose();
  return { times, rss };
}

const rows: Record<string, string | number>[] = [];
for (const numItems of sizes) {
  const r: Record<string, string | number> = { catalogue: numItems };
  for (const mode of ['dense', 'sparse'] as const) {
    const { times, rss } = run(numItems, mode);
    r[`${mode} ms/step`] = median(times);
    r[`${mode} p90`] = percentile(times, 90);
    r[`${mode} rss MB`] = Math.round(rss / 2 ** 20);
  }
  r['dense/sparse'] = Number(r['dense ms/step']) / Number(r['sparse ms/step']);
  rows.push(r);
}
process.stdout.write(`${runtimeSummary(rt)}; ${STEPS} steps each, medians\n`);
printTable(rows);
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/catalogue.json',
  `${JSON.stringify({ backend: rt.backend, native: !!nativeAddon(), steps: STEPS, rows }, null, 2)}\n`,
);
