import type { SoftmaxDnnConfig } from '../models/retrieval/softmax-dnn.ts';
import { hostFloats, hostKernels } from '../runtime/host.ts';
import { jsKernels } from '../runtime/js-kernels.ts';
import type { tf } from '../runtime/tf.ts';

/**
 * What the two threads of a data-parallel step share (data-parallel.ts): the weights, the
 * gradients and the worker's half of each batch in SharedArrayBuffers, and control words
 * (Atomics) saying whose turn it is. Shared memory rather than messages: a step is ~4-8 ms, and
 * a posted message costs a copy and an event-loop turn on each side.
 */
export interface SharedStep {
  config: SoftmaxDnnConfig;
  /** Every variable's values, model.variables() order, concatenated. */
  weights: Float32Array;
  /**
   * Gradients for the two parts of the update (pairViews): for each part, the other thread's
   * gradients over it, then the updating thread's own, each padded to whole PAIR_ROW rows.
   */
  grads: Float32Array;
  /** Parameters in all (the length of `weights`). */
  params: number;
  /** Parameters [0, split) are averaged and updated by this thread, the rest by the worker. */
  split: number;
  adam: AdamSettings;
  /**
   * [0] the worker's turn (IDLE, GO, GRADS, DONE, STOP, FAILED), [1] rows in the worker's half,
   * [2] how far this thread is (progress(); STOPPED when stopping), [3] rows in this thread's half.
   */
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

/** Adam's hyper-parameters (tf.train.adam's meaning). */
export interface AdamSettings {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

export const TURN = { IDLE: 0, GO: 1, GRADS: 2, DONE: 3, STOP: 4, FAILED: 5 } as const;

/**
 * The main thread's progress word (control[2]) after step `step` (0-based) has written its
 * gradients or applied its part. It only grows: a worker that reads it late cannot take a later
 * step's value for an earlier one.
 */
export const progress = (step: number, done: 'grads' | 'applied') => 2 * step + (done === 'grads' ? 1 : 2);
export const STOPPED = 0x7fffffff;

/** Sets the main thread's progress word and wakes the worker if it waits on it. */
export function signal(control: Int32Array, value: number): void {
  Atomics.store(control, 2, value);
  Atomics.notify(control, 2);
}

/** Sleeps until the main thread's progress word reaches `value`; false when it is stopping instead. */
export function awaitMain(control: Int32Array, value: number): boolean {
  let now = Atomics.load(control, 2);
  while (now < value) {
    Atomics.wait(control, 2, now);
    now = Atomics.load(control, 2);
  }
  return now !== STOPPED;
}

const f32 = (n: number) => new Float32Array(new SharedArrayBuffer(4 * Math.max(1, n)));
const i32 = (n: number) => new Int32Array(new SharedArrayBuffer(4 * Math.max(1, n)));

/** Shared buffers for `params` weights (this thread updating [0, split)) and halves of up to `rows` rows. */
export function sharedStep(
  config: SoftmaxDnnConfig,
  params: number,
  rows: number,
  adam: AdamSettings,
  split = Math.floor(params / 2),
): SharedStep {
  const slots = rows * config.historyLength;
  return {
    config,
    weights: f32(params),
    grads: f32(2 * (padded(split) + padded(params - split))),
    params,
    split,
    adam,
    control: i32(4),
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

/** Calls `f` for each variable's overlap with parameters [from, to): variable, its offset, the overlap. */
export function eachPart(
  variables: readonly tf.Variable[],
  from: number,
  to: number,
  f: (v: tf.Variable, at: number, lo: number, hi: number) => void,
): void {
  let at = 0;
  for (const v of variables) {
    const lo = Math.max(at, from);
    const hi = Math.min(at + v.size, to);
    if (lo < hi) f(v, at, lo, hi);
    at += v.size;
  }
}

/**
 * Writes the values of parameters [from, to) of `values` (by variable name; zeros where absent:
 * a variable the loss does not reach) into `out`, parameter `from` at out[0].
 */
export function storeRange(
  variables: readonly tf.Variable[],
  values: tf.NamedTensorMap,
  out: Float32Array,
  from: number,
  to: number,
): void {
  eachPart(variables, from, to, (v, at, lo, hi) => {
    const g = values[v.name];
    if (g) out.set(hostFloats(g).subarray(lo - at, hi - at), lo - from);
    else out.fill(0, lo - from, hi - from);
  });
}

/**
 * Row width of a part's gradient pair: the average is an embedding bag of two rows (the other
 * thread's and this one's) for every PAIR_ROW parameters. Why a bag: the addon's vectorised
 * bag is ~3x faster than a JS loop over the same 137k floats (0.055 against 0.146 ms alone,
 * and the JS loop took ~0.45 ms inside a step).
 */
const PAIR_ROW = 256;
const padded = (n: number) => Math.ceil(n / PAIR_ROW) * PAIR_ROW;

/** A part of the update: parameters [from, to), and where its two gradients are. */
export interface PairViews {
  from: number;
  to: number;
  /** Both gradients, [2 · rows, PAIR_ROW]: the other thread's rows, then this thread's. */
  pair: Float32Array;
  /** The other thread writes its gradients over [from, to) here. */
  theirs: Float32Array;
  /** The updating thread copies its own here. */
  mine: Float32Array;
}

/** The main thread's part ([0, split)) or the worker's ([split, params)). */
export function pairViews(shared: SharedStep, part: 'main' | 'worker'): PairViews {
  const [from, to] = part === 'main' ? [0, shared.split] : [shared.split, shared.params];
  const base = part === 'main' ? 0 : 2 * padded(shared.split);
  const n = padded(to - from);
  const pair = shared.grads.subarray(base, base + 2 * n);
  return { from, to, pair, theirs: pair.subarray(0, n), mine: pair.subarray(n) };
}

/** out = a·x + b·y, element-wise (where the addon is not there). */
function weighted(out: Float32Array, x: Float32Array, a: number, y: Float32Array, b: number): void {
  const n = out.length;
  for (let i = 0; i < n; i++) out[i] = a * x[i] + b * y[i];
}

/**
 * One thread's share of the averaged update: Adam over its part of the flat layout (its moments
 * only for it), applied to a·(this thread's gradients) + b·(the other's).
 * Why split: run on one thread, the averaging and Adam were 1.3 ms of a 5.6 ms step during which
 * the other thread waited (docs/performance.md, "Two threads"); split, both threads do half.
 */
export class PartAdam {
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private readonly avg: Float32Array;
  /** The bag's ids (row r of the other's gradients, row r of this thread's) and weights. */
  private readonly ids: Int32Array;
  private readonly w: Float32Array;
  private weightsOf = Number.NaN;
  private t = 0;

  constructor(
    private readonly variables: readonly tf.Variable[],
    private readonly views: PairViews,
    private readonly h: AdamSettings,
  ) {
    const n = views.mine.length;
    this.m = new Float32Array(n);
    this.v = new Float32Array(n);
    this.avg = new Float32Array(n);
    const rows = n / PAIR_ROW;
    this.ids = Int32Array.from({ length: 2 * rows }, (_, i) => (i % 2 ? rows : 0) + (i >> 1));
    this.w = new Float32Array(2 * rows);
  }

  /**
   * Writes the new values of the part into `weights`: Adam on a·mine + b·(views.theirs, the
   * other thread's gradients). The variables hold the current values.
   */
  apply(mine: tf.NamedTensorMap, a: number, b: number, weights: Float32Array): void {
    const { from, to, pair, theirs } = this.views;
    storeRange(this.variables, mine, this.views.mine, from, to);
    const kernels = hostKernels();
    if (kernels === jsKernels) weighted(this.avg, this.views.mine, a, theirs, b);
    else {
      if (this.weightsOf !== a) for (let i = 0; i < this.w.length; i++) this.w[i] = i % 2 ? a : b;
      this.weightsOf = a;
      kernels.embeddingBagForward(pair, this.ids, this.w, this.avg, this.w.length / 2, 2, 1, PAIR_ROW);
    }
    this.t++;
    const { learningRate: lr, beta1, beta2, epsilon } = this.h;
    const c1 = 1 - beta1 ** this.t;
    const c2 = 1 - beta2 ** this.t;
    // No tensor is allocated in here: the heap views hostFloats returns stay valid.
    eachPart(this.variables, from, to, (variable, at, lo, hi) => {
      const span = (x: Float32Array) => x.subarray(lo - from, hi - from);
      const p = hostFloats(variable).subarray(lo - at, hi - at);
      kernels.adamUpdate(
        p,
        span(this.avg),
        span(this.m),
        span(this.v),
        weights.subarray(lo, hi),
        lr,
        beta1,
        beta2,
        epsilon,
        c1,
        c2,
      );
    });
  }
}
