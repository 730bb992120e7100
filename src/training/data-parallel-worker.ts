import { parentPort, workerData } from 'node:worker_threads';
import { initTf, tf } from '../runtime/tf.ts';
import { halfBatch, loadWeights, replica, replicaLoss } from './data-parallel.ts';
import {
  awaitMain,
  PartAdam,
  pairViews,
  progress,
  type SharedStep,
  storeRange,
  TURN,
} from './data-parallel-shared.ts';

/**
 * The second thread of a data-parallel step (data-parallel.ts): waits for its turn, computes the
 * gradients of its half of the batch and writes those the main thread's part of the update
 * needs (GRADS); once the main thread's are there, averages and applies Adam to its own part
 * (parameters [split, end)) and writes the new values (DONE); once the main thread has written
 * its part, loads all the new weights for the next step. Until told to stop.
 */
const shared = workerData as SharedStep & { backend: string };
await initTf(shared.backend);
const model = replica(shared.config);
const variables = model.variables();
const { control } = shared;
const part = new PartAdam(variables, pairViews(shared, 'worker'), shared.adam);
const mains = pairViews(shared, 'main');
// The main thread's model may have trained before: its weights, not the replica's initial ones.
loadWeights(variables, shared.weights);
parentPort?.postMessage('ready');

/** Step `k` from its gradients to its new weights; false when told to stop in the middle. */
function step(k: number): boolean {
  const rows = Atomics.load(control, 1);
  const { value, grads } = tf.variableGrads(() => replicaLoss(model, halfBatch(shared, rows)), variables);
  try {
    shared.loss[0] = value.dataSync()[0];
    storeRange(variables, grads, mains.theirs, mains.from, mains.to);
    Atomics.store(control, 0, TURN.GRADS);
    Atomics.notify(control, 0);
    if (!awaitMain(control, progress(k, 'grads'))) return false;
    // The same weights as the main thread's: its rows h, of h + rows.
    const h = Atomics.load(control, 3);
    const a = h / (h + rows);
    part.apply(grads, 1 - a, a, shared.weights);
  } finally {
    tf.dispose([value, ...Object.values(grads)]);
  }
  Atomics.store(control, 0, TURN.DONE);
  Atomics.notify(control, 0);
  if (!awaitMain(control, progress(k, 'applied'))) return false;
  loadWeights(variables, shared.weights);
  return true;
}

for (let k = 0; ; k++) {
  // Sleeps while it is not this thread's turn (wait returns at once if the word has moved on).
  let turn = Atomics.load(control, 0);
  while (turn !== TURN.GO && turn !== TURN.STOP) {
    Atomics.wait(control, 0, turn);
    turn = Atomics.load(control, 0);
  }
  if (turn === TURN.STOP) break;
  try {
    if (!step(k)) break;
  } catch {
    // The main thread sees it at its next wait, or at its next step's start: it stops there.
    Atomics.store(control, 0, TURN.FAILED);
    Atomics.notify(control, 0);
    break;
  }
}
model.dispose();
