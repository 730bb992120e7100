// Training-speed benchmark of the candidate-generation softmax DNN at the reference
// configuration (d=64, one 256-unit ReLU layer, last 10 watches, batch 512) on 1,700- and
// 100,000-item catalogues, full softmax and in-batch sampled softmax, plus the model `reco train`
// ships (row `shipped`: id + item tower, last-item and time-decayed inputs). Synthetic inputs with a
// Zipf-like item popularity; the work per step is the real model's. Each configuration warms up
// (JIT, heap) for 10 steps, then times a whole epoch of 100,000 examples (196 steps; BENCH_STEPS
// overrides, the 100k-item catalogue runs 30). Prints a table and writes bench/results/train.json.
// Variants, to measure what each layer is worth (their JSON files are named after them):
//   RECO_NATIVE=0     no native addon: wasm matrix products, the fused ops in JS
//   RECO_FUSED=0      stock composed ops and tf.train.adam instead of the fused ones
//   RECO_FAST_KERNELS=UnsortedSegmentSum  stock wasm kernels (that one is needed at all: without
//                     it the gather gradient does not exist on wasm)
//   BENCH_CONFIGS=1   only these rows of the table (0-based, comma-separated): one configuration
//                     under `node --cpu-prof` (docs/performance.md)
import { mkdirSync, writeFileSync } from 'node:fs';
import { fullSoftmaxLoss, inBatchSoftmaxLoss } from '../src/models/retrieval/sampled-softmax.ts';
import { type QueryBatch, SoftmaxDnn } from '../src/models/retrieval/softmax-dnn.ts';
import { fusedOps } from '../src/runtime/host.ts';
import { blasThreads, nativeAddon } from '../src/runtime/native.ts';
import { initTf, runtimeSummary, tf } from '../src/runtime/tf.ts';
import { createAdam } from '../src/training/adam.ts';
import { startDataParallel } from '../src/training/data-parallel.ts';
import { median, printTable } from './stats.ts';

const rt = await initTf();
const BATCH = 512;
const N = 10;
const DENSE = 30;
const EPOCH_EXAMPLES = 100_000;
const EPOCH_STEPS = Math.ceil(EPOCH_EXAMPLES / BATCH);
const WARMUP = 10;

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
    timeWeights: Float32Array.from({ length: BATCH * N }, (_, i) => 0.5 ** ((N - 1 - (i % N)) / 3)),
    dense: Float32Array.from({ length: BATCH * DENSE }, () => (rand() < 0.2 ? 1 : 0)),
    labels: Int32Array.from({ length: BATCH }, () => zipf(numItems)),
  };
  return b;
}

/** Width of the synthetic item-tower inputs of the shipped model (topic one-hot, tags, duration, age). */
const ITEM_FEATURES = 48;
const runs: { numItems: number; loss: 'full' | 'in-batch'; model: 'reference' | 'shipped'; threads?: 2 }[] = [
  { numItems: 1700, loss: 'full', model: 'reference' },
  { numItems: 1700, loss: 'in-batch', model: 'reference' },
  // Data-parallel over two threads (src/training/data-parallel.ts): each half of the batch on
  // one thread, gradients averaged; row 1 is the same configuration on one, in the same run.
  { numItems: 1700, loss: 'in-batch', model: 'reference', threads: 2 },
  // What `reco train` trains by default: id + item tower, the last item and a time-decayed bag too.
  { numItems: 1700, loss: 'in-batch', model: 'shipped' },
  { numItems: 100_000, loss: 'full', model: 'reference' },
  { numItems: 100_000, loss: 'in-batch', model: 'reference' },
];
const picked = process.env.BENCH_CONFIGS?.split(',').map(Number);
const rows: Record<string, string | number>[] = [];
for (const { numItems, loss, model: kind, threads = 1 } of runs.filter(
  (_, i) => !picked || picked.includes(i),
)) {
  {
    const shipped = kind === 'shipped';
    const model = new SoftmaxDnn({
      numItems,
      denseWidth: DENSE,
      historyLength: N,
      dim: 64,
      hidden: [256],
      seed: 1,
      ...(shipped
        ? {
            itemRepresentation: 'both' as const,
            itemFeatureWidth: ITEM_FEATURES,
            itemHidden: [64],
            lastItemInput: true,
            timeDecayInput: true,
          }
        : {}),
    });
    if (shipped)
      model.setItemFeatures(
        Float32Array.from({ length: numItems * ITEM_FEATURES }, () => (rand() < 0.1 ? 1 : 0)),
      );
    const opt = createAdam(0.001);
    const batches = Array.from({ length: 4 }, () => batch(numItems));
    const parallel = threads === 2 ? await startDataParallel(model, opt, BATCH, rt.backend) : undefined;
    const step = (b: (typeof batches)[number]) => {
      if (parallel) return void parallel.step(b);
      const l = tf.tidy(
        () =>
          opt.minimize(
            () => {
              const q = model.query(b);
              if (loss === 'full') return fullSoftmaxLoss(q, model.items(), b.labels);
              return inBatchSoftmaxLoss(q, model.candidates(b.labels), b.labels);
            },
            true,
            model.variables(),
          )!,
      );
      l.dataSync();
      l.dispose();
    };
    const steps = Number(process.env.BENCH_STEPS ?? (numItems > 10_000 ? 30 : EPOCH_STEPS));
    for (let s = 0; s < WARMUP; s++) step(batches[s % batches.length]);
    const times: number[] = [];
    const start = performance.now();
    let peak = process.memoryUsage().rss;
    for (let s = 0; s < steps; s++) {
      const t0 = performance.now();
      step(batches[s % batches.length]);
      times.push(performance.now() - t0);
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    const wall = performance.now() - start;
    const ms = median(times);
    rows.push({
      model: kind,
      threads,
      catalogue: numItems,
      loss,
      ms_per_step: ms,
      examples_per_s: Math.round((BATCH / ms) * 1000),
      steps,
      // Measured wall time of the steps run, scaled to 196 steps when fewer ran.
      epoch_100k_s: (wall / 1000) * (EPOCH_STEPS / steps),
      peak_rss_mb: Math.round(peak / 2 ** 20),
    });
    await parallel?.stop();
    opt.dispose();
    model.dispose();
  }
}
const native = !!nativeAddon();
const fused = fusedOps();
process.stdout.write(
  `${runtimeSummary(rt)}; fused ops: ${fused ? 'yes' : 'no'}; ms per step is the median\n`,
);
printTable(rows);
mkdirSync('bench/results', { recursive: true });
const variant = [
  process.env.RECO_FAST_KERNELS ? `kernels-${process.env.RECO_FAST_KERNELS.replace(/\W+/g, '-')}` : '',
  process.env.RECO_NATIVE === '0' ? 'no-native' : '',
  process.env.RECO_FUSED === '0' ? 'no-fused' : '',
].filter(Boolean);
writeFileSync(
  `bench/results/${variant.length ? `train-${variant.join('-')}` : 'train'}.json`,
  JSON.stringify(
    { backend: rt.backend, kernels: rt.kernels, native, blasThreads: blasThreads(), fused, rows },
    null,
    2,
  ),
);
