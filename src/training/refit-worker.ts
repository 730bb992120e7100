import { parentPort, workerData } from 'node:worker_threads';
import { initTf } from '../runtime/tf.ts';
import { fit } from './loop.ts';
import { createProgress } from './progress.ts';
import { type RefitInputs, type RefitSnapshot, refitRun } from './refit.ts';

/**
 * The refit on a second thread (refit.ts): every watch, epoch after epoch, each epoch's weights
 * posted to the main thread, which keeps the one its early stopping picks and then ends this
 * thread. Same seed, data order and kernels as the sequential refit, so the same weights.
 */
const input = workerData as RefitInputs & { backend: string };
await initTf(input.backend);
const { model, fitOptions } = refitRun(input);
let last = performance.now();
await fit({
  ...fitOptions,
  epochs: input.maxEpochs,
  progress: createProgress(false),
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
