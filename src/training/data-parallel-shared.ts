import type { SoftmaxDnnConfig } from '../models/retrieval/softmax-dnn.ts';

/**
 * What the two threads of a data-parallel step share (data-parallel.ts): the weights, the
 * worker's gradients and its half of each batch in SharedArrayBuffers, and a control word
 * (Atomics) saying whose turn it is. Shared memory rather than messages: a step is ~4-8 ms, and
 * a posted message costs a copy and an event-loop turn on each side.
 */
export interface SharedStep {
  config: SoftmaxDnnConfig;
  /** Every variable's values, model.variables() order, concatenated. */
  weights: Float32Array;
  /** The worker's gradients, same layout. */
  grads: Float32Array;
  /** [0] turn (IDLE, GO, DONE, STOP, FAILED), [1] rows in the worker's half. */
  control: Int32Array;
  /** [0] the worker's loss. */
  loss: Float32Array;
  batch: SharedBatch;
}

export interface SharedBatch {
  historyIds: Int32Array;
  meanWeights: Float32Array;
  recentWeights: Float32Array;
  timeWeights: Float32Array;
  dense: Float32Array;
  labels: Int32Array;
}

export const TURN = { IDLE: 0, GO: 1, DONE: 2, STOP: 3, FAILED: 4 } as const;

const f32 = (n: number) => new Float32Array(new SharedArrayBuffer(4 * Math.max(1, n)));
const i32 = (n: number) => new Int32Array(new SharedArrayBuffer(4 * Math.max(1, n)));

/** Shared buffers for `params` weights and halves of up to `rows` rows. */
export function sharedStep(config: SoftmaxDnnConfig, params: number, rows: number): SharedStep {
  const slots = rows * config.historyLength;
  return {
    config,
    weights: f32(params),
    grads: f32(params),
    control: i32(2),
    loss: f32(1),
    batch: {
      historyIds: i32(slots),
      meanWeights: f32(slots),
      recentWeights: f32(slots),
      timeWeights: f32(slots),
      dense: f32(rows * config.denseWidth),
      labels: i32(rows),
    },
  };
}
