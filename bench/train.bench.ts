// Training-speed benchmark of the candidate-generation softmax DNN at the reference
// configuration (d=64, one 256-unit ReLU layer, last 10 watches, batch 512) on 1,700- and
// 100,000-item catalogues, full softmax and in-batch sampled softmax. Synthetic inputs with a
// Zipf-like item popularity; the work per step is the real model's. Prints a table and writes
// bench/results/train.json. RECO_FAST_KERNELS=UnsortedSegmentSum measures the stock wasm
// kernels (that one is needed at all: without it the gather gradient does not exist on wasm).
import { mkdirSync, writeFileSync } from 'node:fs';
import { fullSoftmaxLoss, inBatchSoftmaxLoss } from '../src/models/retrieval/sampled-softmax.ts';
import { type QueryBatch, SoftmaxDnn } from '../src/models/retrieval/softmax-dnn.ts';
import { initTf, tf } from '../src/runtime/tf.ts';
import { median, printTable } from './stats.ts';

const rt = await initTf();
const BATCH = 512;
const N = 10;
const DENSE = 30;
const STEPS = Number(process.env.BENCH_STEPS ?? 20);
const EPOCH_EXAMPLES = 100_000;

let seed = 12345;
const rand = () => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
const zipf = (n: number) => 1 + Math.min(n - 2, Math.floor(n ** rand()) - 1);

function batch(numItems: number): QueryBatch & { labels: Int32Array } {
  const b = {
    size: BATCH,
    historyIds: Int32Array.from({ length: BATCH * N }, () => zipf(numItems)),
    meanWeights: new Float32Array(BATCH * N).fill(1 / N),
    recentWeights: new Float32Array(BATCH * N).fill(1 / N),
    dense: Float32Array.from({ length: BATCH * DENSE }, () => (rand() < 0.2 ? 1 : 0)),
    labels: Int32Array.from({ length: BATCH }, () => zipf(numItems)),
  };
  return b;
}

const rows: Record<string, string | number>[] = [];
for (const numItems of [1700, 100_000]) {
  for (const loss of ['full', 'in-batch'] as const) {
    const model = new SoftmaxDnn({
      numItems,
      denseWidth: DENSE,
      historyLength: N,
      dim: 64,
      hidden: [256],
      seed: 1,
    });
    const opt = tf.train.adam(0.001);
    const batches = Array.from({ length: 4 }, () => batch(numItems));
    const step = (b: (typeof batches)[number]) => {
      const l = tf.tidy(
        () =>
          opt.minimize(
            () => {
              const q = model.query(b);
              if (loss === 'full') return fullSoftmaxLoss(q, model.itemEmbedding as tf.Tensor2D, b.labels);
              const pos = tf.gather(model.itemEmbedding, tf.tensor1d(b.labels, 'int32')) as tf.Tensor2D;
              return inBatchSoftmaxLoss(q, pos, b.labels);
            },
            true,
            model.variables(),
          )!,
      );
      l.dataSync();
      l.dispose();
    };
    step(batches[0]); // warm-up
    const times: number[] = [];
    let peak = process.memoryUsage().rss;
    for (let s = 0; s < STEPS; s++) {
      const t0 = performance.now();
      step(batches[s % batches.length]);
      times.push(performance.now() - t0);
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    const ms = median(times);
    rows.push({
      catalogue: numItems,
      loss,
      ms_per_step: ms,
      examples_per_s: Math.round((BATCH / ms) * 1000),
      epoch_100k_s: ((EPOCH_EXAMPLES / BATCH) * ms) / 1000,
      peak_rss_mb: Math.round(peak / 2 ** 20),
    });
    opt.dispose();
    model.dispose();
  }
}
process.stdout.write(
  `backend ${rt.backend}, fast kernels: ${rt.kernels.join(', ') || 'none'}, ${STEPS} steps each (median)\n`,
);
printTable(rows);
mkdirSync('bench/results', { recursive: true });
const file = process.env.RECO_FAST_KERNELS
  ? `train-kernels-${process.env.RECO_FAST_KERNELS.replace(/\W+/g, '-')}.json`
  : 'train.json';
writeFileSync(
  `bench/results/${file}`,
  JSON.stringify({ backend: rt.backend, kernels: rt.kernels, rows }, null, 2),
);
