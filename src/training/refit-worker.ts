import { parentPort, workerData } from 'node:worker_threads';
import { createRng } from '../data/demo/rng.ts';
import { buildRetrievalData } from '../features/query.ts';
import { initTf } from '../runtime/tf.ts';
import { createAdam } from './adam.ts';
import { fit } from './loop.ts';
import { createProgress } from './progress.ts';
import type { RefitInputs, RefitSnapshot } from './refit.ts';
import { createModel, logQ, retrievalLoss } from './retrieval-model.ts';

/**
 * The refit on a second thread (refit.ts): every watch, epoch after epoch, each epoch's weights
 * posted to the main thread, which keeps the one its early stopping picks and then ends this
 * thread. Same seed, data order and kernels as the sequential refit, so the same weights.
 */
const input = workerData as RefitInputs & { backend: string };
await initTf(input.backend);
const { spec, config } = input;
const all = buildRetrievalData(spec, input.timelines.values(), input.users, false, config.exampleAge);
const model = createModel(spec, config, input.catalogue, input.itemFeatureTime);
const optimizer = createAdam(config.learningRate);
let last = performance.now();
await fit({
  variables: model.variables(),
  optimizer,
  size: all.train.size,
  batchSize: config.batchSize,
  epochs: input.maxEpochs,
  seed: config.seed,
  progress: createProgress(false),
  label: 'retrieval refit',
  loss: retrievalLoss(
    model,
    spec,
    all.train,
    config,
    logQ(input.itemWatches, config),
    createRng(config.seed + 13).next,
  ),
  afterEpoch: async (epoch, loss) => {
    const weights = Object.entries(model.getWeights()).map(([name, t]) => ({
      name,
      shape: t.shape,
      data: Float32Array.from(t.dataSync() as Float32Array),
    }));
    const now = performance.now();
    const snapshot: RefitSnapshot = { epoch, loss, ms: Math.round(now - last), weights };
    last = now;
    parentPort!.postMessage(
      snapshot,
      weights.map((w) => w.data.buffer as ArrayBuffer),
    );
    return {};
  },
});
