import { parentPort, workerData } from 'node:worker_threads';
import { initTf, tf } from '../runtime/tf.ts';
import { halfBatch, loadWeights, replica, replicaLoss, storeGrads } from './data-parallel.ts';
import { type SharedStep, TURN } from './data-parallel-shared.ts';

/**
 * The second thread of a data-parallel step (data-parallel.ts): waits for its turn, loads the
 * weights the main thread last wrote, computes the gradients of its half of the batch, writes
 * them back and hands the turn over; until told to stop.
 */
const shared = workerData as SharedStep & { backend: string };
await initTf(shared.backend);
const model = replica(shared.config);
const variables = model.variables();
const { control } = shared;
parentPort?.postMessage('ready');
for (;;) {
  // Sleeps while it is not this thread's turn (wait returns at once if the word has moved on).
  let turn = Atomics.load(control, 0);
  while (turn !== TURN.GO && turn !== TURN.STOP) {
    Atomics.wait(control, 0, turn);
    turn = Atomics.load(control, 0);
  }
  if (turn === TURN.STOP) break;
  try {
    loadWeights(variables, shared.weights);
    const b = halfBatch(shared, Atomics.load(control, 1));
    const { value, grads } = tf.variableGrads(() => replicaLoss(model, b), variables);
    shared.loss[0] = value.dataSync()[0];
    storeGrads(variables, grads, shared.grads);
    tf.dispose([value, ...Object.values(grads)]);
    Atomics.store(control, 0, TURN.DONE);
  } catch {
    Atomics.store(control, 0, TURN.FAILED);
  }
  Atomics.notify(control, 0);
}
model.dispose();
