import { Worker } from 'node:worker_threads';
import { inBatchSoftmaxLoss } from '../models/retrieval/sampled-softmax.ts';
import { SoftmaxDnn, type SoftmaxDnnConfig } from '../models/retrieval/softmax-dnn.ts';
import { hostTensor } from '../runtime/host.ts';
import { tf } from '../runtime/tf.ts';
import { FusedAdam } from './adam.ts';
import {
  type AdamSettings,
  PartAdam,
  pairViews,
  progress,
  type SharedBatch,
  type SharedStep,
  STOPPED,
  sharedStep,
  signal,
  storeRange,
  TURN,
} from './data-parallel-shared.ts';

/**
 * Data-parallel training steps on two threads: each step's batch is split in two halves, this
 * thread and a worker each compute the gradients of the in-batch sampled softmax on their half
 * (each half's other positives are its negatives), the gradients are averaged (weighted by
 * rows) and Adam applied, each thread doing both for half of the parameters (PartAdam); each
 * thread then loads the new weights. Why: the profile of the reference epoch
 * (docs/performance.md) is single-threaded work in small products and kernels that a second BLAS thread does not speed up; splitting the batch
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

const storeWeights = (variables: readonly tf.Variable[], to: Float32Array) =>
  storeRange(variables, Object.fromEntries(variables.map((v) => [v.name, v])), to, 0, to.length);

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

/** Adam's settings of `optimizer` (tf.train.adam or FusedAdam): the two threads run Adam themselves. */
function adamSettings(optimizer: tf.Optimizer): AdamSettings {
  const name = (optimizer.constructor as { className?: string }).className;
  if (name !== 'Adam' && name !== FusedAdam.className)
    throw new Error(`data-parallel: Adam only (got ${name ?? 'an unnamed optimizer'})`);
  const c = optimizer.getConfig() as unknown as AdamSettings;
  return { learningRate: c.learningRate, beta1: c.beta1, beta2: c.beta2, epsilon: c.epsilon };
}

/** Sleeps while `control[i]` is `value`; returns what it became. */
function waitWhile(control: Int32Array, i: number, value: number): number {
  let now = Atomics.load(control, i);
  while (now === value) {
    Atomics.wait(control, i, value);
    now = Atomics.load(control, i);
  }
  return now;
}

export interface DataParallel {
  /** One optimizer step over `batch` on both threads; returns its loss. */
  step(batch: Parameters<typeof rowsOf>[0]): number;
  stop(): Promise<void>;
}

/**
 * Starts the worker for `model` (its config and current weights); steps of up to `maxRows` rows.
 * The steps run Adam with `optimizer`'s settings, each thread over its part of the parameters
 * with moments of its own (PartAdam): `optimizer` itself is not stepped.
 */
export async function startDataParallel(
  model: SoftmaxDnn,
  optimizer: tf.Optimizer,
  maxRows: number,
  backend: string,
): Promise<DataParallel> {
  const variables = model.variables();
  const params = variables.reduce((a, v) => a + v.size, 0);
  const shared = sharedStep(model.config, params, Math.ceil(maxRows / 2), adamSettings(optimizer));
  const part = new PartAdam(variables, pairViews(shared, 'main'), shared.adam);
  const workers = pairViews(shared, 'worker');
  storeWeights(variables, shared.weights);
  const worker = await startWorker(shared, backend);
  const { control } = shared;
  const { historyLength: n, denseWidth: d } = model.config;
  let broken = false;
  let steps = 0;
  const fail = () => new Error('data-parallel: the worker failed a step');
  const step = (batch: Parameters<typeof rowsOf>[0]): number => {
    const h = Math.ceil(batch.size / 2);
    const theirs = rowsOf(batch, h, batch.size, n, d);
    for (const k of ['historyIds', 'meanWeights', 'recentWeights', 'timeWeights', 'dense', 'labels'] as const)
      shared.batch[k].set(theirs[k]);
    Atomics.store(control, 1, theirs.size);
    Atomics.store(control, 3, h);
    // From DONE only (IDLE before the first step): a worker that failed loading is not restarted.
    if (Atomics.compareExchange(control, 0, steps ? TURN.DONE : TURN.IDLE, TURN.GO) === TURN.FAILED)
      throw fail();
    Atomics.notify(control, 0);
    const { value, grads } = tf.variableGrads(() => replicaLoss(model, rowsOf(batch, 0, h, n, d)), variables);
    try {
      const mine = value.dataSync()[0];
      // The worker's part of the average needs this thread's gradients there.
      storeRange(variables, grads, workers.theirs, workers.from, workers.to);
      signal(control, progress(steps, 'grads'));
      // GRADS, or DONE already: its part needs only this thread's gradients.
      if (waitWhile(control, 0, TURN.GO) === TURN.FAILED) throw fail();
      const a = h / batch.size;
      part.apply(grads, a, 1 - a, shared.weights);
      signal(control, progress(steps, 'applied'));
      if (waitWhile(control, 0, TURN.GRADS) !== TURN.DONE) throw fail();
      // The worker loads them too, meanwhile (off its next step's path).
      loadWeights(variables, shared.weights);
      return a * mine + (1 - a) * shared.loss[0];
    } finally {
      steps++;
      tf.dispose([value, ...Object.values(grads)]);
    }
  };
  return {
    step(batch) {
      if (broken) throw new Error('data-parallel: a step failed; stop() is all that is left');
      try {
        return step(batch);
      } catch (e) {
        broken = true;
        throw e;
      }
    },
    async stop() {
      Atomics.store(control, 0, TURN.STOP);
      signal(control, STOPPED);
      Atomics.notify(control, 0);
      await worker.terminate();
    },
  };
}
