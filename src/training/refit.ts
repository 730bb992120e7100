import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Timeline } from '../data/interactions.ts';
import type { Item, User } from '../data/types.ts';
import type { FeatureSpec } from '../features/spec.ts';
import type { SoftmaxDnn } from '../models/retrieval/softmax-dnn.ts';
import { tf } from '../runtime/tf.ts';
import { createAdam } from './adam.ts';
import { type EpochLog, fit } from './loop.ts';
import type { Progress } from './progress.ts';
import type { RetrievalTrainConfig } from './retrieval-config.ts';
import { createModel, logQ, trainingUnits } from './retrieval-model.ts';
import { sparseTables } from './sparse-tables.ts';

/**
 * The refit (RetrievalTrainConfig.refit): a fresh network trained on every watch for the epoch
 * count the early-stopped tuning run picks. That count is known only when tuning ends, so on a
 * machine with a second core the refit starts at the same time on a worker thread, posting its
 * weights after every epoch, and the tuning's pick is taken from there: the refit then costs
 * next to no extra wall time. Elsewhere (one core, a GPU backend, a thread that fails to start)
 * it runs here, after the tuning, with the same result.
 */
export interface RefitInputs {
  spec: FeatureSpec;
  timelines: ReadonlyMap<string, Timeline>;
  users: ReadonlyMap<string, User>;
  itemWatches: Float64Array;
  config: RetrievalTrainConfig;
  catalogue: readonly Item[];
  itemFeatureTime: number;
  /** The most epochs the tuning can pick. */
  maxEpochs: number;
}

/** One epoch's weights, as the worker posts them (the arrays are transferred, not copied). */
export interface RefitSnapshot {
  epoch: number;
  loss: number;
  ms: number;
  weights: { name: string; shape: number[]; data: Float32Array }[];
}

export interface RefitResult {
  model: SoftmaxDnn;
  curve: EpochLog[];
  where: 'thread' | 'here';
}

export interface Refit {
  /** Epochs before this one will not be asked for (the tuning's best epoch has moved past them). */
  keepFrom(epoch: number): void;
  /** The refit after `epochs` epochs; ends the thread. */
  take(epochs: number, progress: Progress): Promise<RefitResult>;
  /** Ends the thread without a result. */
  cancel(): Promise<void>;
}

/** A second core and a CPU backend: a GPU backend would share one device, not gain another. */
export function canRefitInParallel(backend: string): boolean {
  return availableParallelism() >= 2 && (backend === 'wasm' || backend === 'cpu');
}

/**
 * The refit's model and what `fit` needs of it but the epochs, progress and per-epoch hook: one
 * set-up for this thread and the refit thread, so both train the same way.
 */
export function refitRun(inputs: RefitInputs) {
  const { spec, config } = inputs;
  const units = trainingUnits(spec, inputs.timelines.values(), inputs.users, config, false);
  const model = createModel(spec, config, inputs.catalogue, inputs.itemFeatureTime);
  const optimizer = createAdam(config.learningRate);
  const sparse = sparseTables(model, config, optimizer);
  const fitOptions = {
    variables: sparse?.variables ?? model.variables(),
    optimizer,
    size: units.size,
    batchSize: units.batchSize,
    seed: config.seed,
    label: 'retrieval refit',
    loss: units.loss(model, logQ(inputs.itemWatches, config), sparse),
  };
  return { model, optimizer, sparse, fitOptions };
}

/** The refit in this thread, after the tuning. */
export function sequentialRefit(inputs: RefitInputs): Refit {
  return {
    keepFrom: () => {},
    cancel: async () => {},
    take: async (epochs, progress) => {
      const { model, optimizer, sparse, fitOptions } = refitRun(inputs);
      const curve = await fit({ ...fitOptions, epochs, progress });
      optimizer.dispose();
      sparse?.dispose();
      return { model, curve, where: 'here' };
    },
  };
}

/** The network a snapshot holds. */
function fromSnapshot(inputs: RefitInputs, s: RefitSnapshot): SoftmaxDnn {
  const model = createModel(inputs.spec, inputs.config, inputs.catalogue, inputs.itemFeatureTime);
  const tensors = Object.fromEntries(s.weights.map((w) => [w.name, tf.tensor(w.data, w.shape)]));
  try {
    model.setWeights(tensors);
  } finally {
    tf.dispose(Object.values(tensors));
  }
  return model;
}

/** Starts the refit: on a worker thread where {@link canRefitInParallel}, else deferred to take(). */
export function startRefit(inputs: RefitInputs, backend: string): Refit {
  if (!canRefitInParallel(backend)) return sequentialRefit(inputs);
  let worker: Worker;
  try {
    // The worker runs the TypeScript sources as this process does, through tsx: a tiny ES
    // module entry registers it in the new thread (execArgv's --import does not reach a
    // worker's first module on Node 20), then loads the worker file.
    const api = import.meta.resolve('tsx/esm/api');
    const file = new URL('./refit-worker.ts', import.meta.url).href;
    const entry = `import { tsImport } from ${JSON.stringify(api)}; await tsImport(${JSON.stringify(file)}, ${JSON.stringify(import.meta.url)});`;
    worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(entry)}`), {
      workerData: { ...inputs, backend },
    });
  } catch {
    return sequentialRefit(inputs);
  }
  const snapshots = new Map<number, RefitSnapshot>();
  const logs: EpochLog[] = [];
  let keep = 1;
  let failed: Error | undefined;
  let waiting: (() => void) | undefined;
  const wake = () => waiting?.();
  worker.on('message', (s: RefitSnapshot) => {
    logs[s.epoch - 1] = { epoch: s.epoch, loss: s.loss, ms: s.ms };
    if (s.epoch >= keep) snapshots.set(s.epoch, s);
    wake();
  });
  worker.on('error', (e) => {
    failed = e;
    wake();
  });
  worker.on('exit', (code) => {
    failed ??= new Error(`the refit thread exited (code ${code})`);
    wake();
  });
  return {
    keepFrom(epoch) {
      keep = epoch;
      for (const e of snapshots.keys()) if (e < epoch) snapshots.delete(e);
    },
    async take(epochs, progress) {
      while (!snapshots.has(epochs) && !failed) await new Promise<void>((r) => (waiting = r));
      const s = snapshots.get(epochs);
      snapshots.clear();
      await worker.terminate();
      if (!s) {
        progress.log(`retrieval refit: the thread failed (${failed?.message}); refitting here`);
        return sequentialRefit(inputs).take(epochs, progress);
      }
      progress.log(`retrieval refit: ${epochs} epochs on every watch, beside the tuning on a second thread`);
      return { model: fromSnapshot(inputs, s), curve: logs.slice(0, epochs), where: 'thread' };
    },
    async cancel() {
      await worker.terminate();
    },
  };
}
