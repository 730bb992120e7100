import { Worker } from 'node:worker_threads';
import { inBatchSoftmaxLoss } from '../models/retrieval/sampled-softmax.ts';
import { SoftmaxDnn, type SoftmaxDnnConfig } from '../models/retrieval/softmax-dnn.ts';
import { hostFloats, hostTensor } from '../runtime/host.ts';
import { tf } from '../runtime/tf.ts';
import { type SharedBatch, type SharedStep, sharedStep, TURN } from './data-parallel-shared.ts';

/**
 * Data-parallel training steps on two threads: each step's batch is split in two halves, this
 * thread and a worker each compute the gradients of the in-batch sampled softmax on their half
 * (each half's other positives are its negatives), the gradients are averaged (weighted by
 * rows) and this thread's optimizer applies them; the worker reads the new weights at its next
 * step. Why: the profile of the reference epoch (docs/performance.md) is single-threaded work in
 * small products and kernels that a second BLAS thread does not speed up; splitting the batch
 * halves each thread's share of all of it.
 */
export type HalfBatch = SharedBatch & { size: number };

/** A replica of the network (same seed, so the same initial weights in both threads). */
export function replica(config: SoftmaxDnnConfig): SoftmaxDnn {
  return new SoftmaxDnn(config);
}

/** The loss both threads differentiate: in-batch sampled softmax over the half's own positives. */
export function replicaLoss(model: SoftmaxDnn, b: HalfBatch): tf.Scalar {
  return inBatchSoftmaxLoss(model.query(b), model.candidates(b.labels), b.labels);
}

/** The worker's half as the model reads it: views of the shared rows. */
export function halfBatch(shared: SharedStep, rows: number): HalfBatch {
  const n = shared.config.historyLength;
  const s = shared.batch;
  return {
    size: rows,
    historyIds: s.historyIds.subarray(0, rows * n),
    meanWeights: s.meanWeights.subarray(0, rows * n),
    recentWeights: s.recentWeights.subarray(0, rows * n),
    timeWeights: s.timeWeights.subarray(0, rows * n),
    dense: s.dense.subarray(0, rows * shared.config.denseWidth),
    labels: s.labels.subarray(0, rows),
  };
}

export function loadWeights(variables: readonly tf.Variable[], from: Float32Array): void {
  let at = 0;
  for (const v of variables) {
    const start = at;
    const t = hostTensor(v.shape, (out) => out.set(from.subarray(start, start + v.size)));
    v.assign(t);
    t.dispose();
    at += v.size;
  }
}

/** Writes each variable's values (or gradients: `values` by name, zeros where absent) into `to`. */
export function storeGrads(
  variables: readonly tf.Variable[],
  values: tf.NamedTensorMap,
  to: Float32Array,
): void {
  let at = 0;
  for (const v of variables) {
    const g = values[v.name];
    if (g) to.set(hostFloats(g), at);
    else to.fill(0, at, at + v.size);
    at += v.size;
  }
}

const storeWeights = (variables: readonly tf.Variable[], to: Float32Array) =>
  storeGrads(variables, Object.fromEntries(variables.map((v) => [v.name, v])), to);

/** Rows [from, to) of a batch, as views. */
function rowsOf(
  b: HalfBatch | (Omit<HalfBatch, 'timeWeights'> & { timeWeights?: Float32Array }),
  from: number,
  to: number,
  n: number,
  d: number,
): HalfBatch {
  const slots = (a: Float32Array | Int32Array) => a.subarray(from * n, to * n);
  return {
    size: to - from,
    historyIds: slots(b.historyIds) as Int32Array,
    meanWeights: slots(b.meanWeights) as Float32Array,
    recentWeights: slots(b.recentWeights) as Float32Array,
    timeWeights: b.timeWeights ? (slots(b.timeWeights) as Float32Array) : new Float32Array((to - from) * n),
    dense: b.dense.subarray(from * d, to * d),
    labels: b.labels.subarray(from, to),
  };
}

/** The worker thread, once it says it is ready. */
async function startWorker(shared: SharedStep, backend: string): Promise<Worker> {
  // As the refit thread does (refit.ts): a tiny ES module registers tsx in the new thread first.
  const api = import.meta.resolve('tsx/esm/api');
  const file = new URL('./data-parallel-worker.ts', import.meta.url).href;
  const entry = `import { tsImport } from ${JSON.stringify(api)}; await tsImport(${JSON.stringify(file)}, ${JSON.stringify(import.meta.url)});`;
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(entry)}`), {
    workerData: { ...shared, backend },
  });
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  return worker;
}

/** Applies `a`·(this thread's gradients) + (1 − a)·(the worker's, `theirs`) with `optimizer`. */
function applyAverage(
  optimizer: tf.Optimizer,
  variables: readonly tf.Variable[],
  grads: tf.NamedTensorMap,
  theirs: Float32Array,
  a: number,
): void {
  // On the host, one pass per variable: TF.js's element-wise ops cost a launch each here.
  let at = 0;
  const avg: tf.NamedTensorMap = {};
  for (const v of variables) {
    const from = at;
    const mine = grads[v.name];
    avg[v.name] = hostTensor(v.shape, (out, read) => {
      const w = theirs.subarray(from, from + v.size);
      const b = 1 - a;
      if (!mine) for (let i = 0; i < out.length; i++) out[i] = b * w[i];
      else {
        const g = read(mine);
        for (let i = 0; i < out.length; i++) out[i] = a * g[i] + b * w[i];
      }
    });
    at += v.size;
  }
  optimizer.applyGradients(avg);
  tf.dispose(Object.values(avg));
}

export interface DataParallel {
  /** One optimizer step over `batch` on both threads; returns its loss. */
  step(batch: Parameters<typeof rowsOf>[0]): number;
  stop(): Promise<void>;
}

/** Starts the worker for `model` (its config and current weights); steps of up to `maxRows` rows. */
export async function startDataParallel(
  model: SoftmaxDnn,
  optimizer: tf.Optimizer,
  maxRows: number,
  backend: string,
): Promise<DataParallel> {
  const variables = model.variables();
  const shared = sharedStep(
    model.config,
    variables.reduce((a, v) => a + v.size, 0),
    Math.ceil(maxRows / 2),
  );
  const worker = await startWorker(shared, backend);
  const { control } = shared;
  const { historyLength: n, denseWidth: d } = model.config;
  storeWeights(variables, shared.weights);
  return {
    step(batch) {
      const h = Math.ceil(batch.size / 2);
      const theirs = rowsOf(batch, h, batch.size, n, d);
      for (const k of [
        'historyIds',
        'meanWeights',
        'recentWeights',
        'timeWeights',
        'dense',
        'labels',
      ] as const)
        shared.batch[k].set(theirs[k]);
      Atomics.store(control, 1, theirs.size);
      Atomics.store(control, 0, TURN.GO);
      Atomics.notify(control, 0);
      const { value, grads } = tf.variableGrads(
        () => replicaLoss(model, rowsOf(batch, 0, h, n, d)),
        variables,
      );
      const mine = value.dataSync()[0];
      let turn = Atomics.load(control, 0);
      while (turn === TURN.GO) {
        Atomics.wait(control, 0, TURN.GO);
        turn = Atomics.load(control, 0);
      }
      if (turn !== TURN.DONE) throw new Error('data-parallel: the worker thread failed a step');
      const a = h / batch.size;
      applyAverage(optimizer, variables, grads, shared.grads, a);
      tf.dispose([value, ...Object.values(grads)]);
      storeWeights(variables, shared.weights);
      return a * mine + (1 - a) * shared.loss[0];
    },
    async stop() {
      Atomics.store(control, 0, TURN.STOP);
      Atomics.notify(control, 0);
      await worker.terminate();
    },
  };
}
