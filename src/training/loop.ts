import { createRng } from '../data/demo/rng.ts';
import { tf } from '../runtime/tf.ts';
import type { Progress } from './progress.ts';

/** One epoch's outcome, kept in the manifest as the training curve. */
export interface EpochLog {
  epoch: number;
  loss: number;
  ms: number;
  [metric: string]: number;
}

export interface FitOptions {
  variables: tf.Variable[];
  optimizer: tf.Optimizer;
  /** Number of training examples. */
  size: number;
  batchSize: number;
  epochs: number;
  seed: number;
  /** Loss of the examples at `rows` (runs inside tf.tidy; must not await). */
  loss: (rows: Int32Array) => tf.Scalar;
  /** After each epoch: extra metrics for the log; return `stop: true` to end early. */
  afterEpoch?: (epoch: number, loss: number) => Promise<{ metrics?: Record<string, number>; stop?: boolean }>;
  progress: Progress;
  label: string;
}

/**
 * Minibatch training: shuffles each epoch with a seeded RNG, one optimizer step per batch
 * (the loss closure and its gradients are freed by tidy), mean loss per epoch.
 */
export async function fit(opts: FitOptions): Promise<EpochLog[]> {
  const rng = createRng(opts.seed);
  const order = Int32Array.from({ length: opts.size }, (_, i) => i);
  const steps = Math.ceil(opts.size / opts.batchSize);
  const logs: EpochLog[] = [];
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    rng.shuffle(order);
    const t0 = performance.now();
    let sum = 0;
    opts.progress.start(steps, `${opts.label} ${epoch}/${opts.epochs}`);
    for (let s = 0; s < steps; s++) {
      const rows = order.subarray(s * opts.batchSize, Math.min(opts.size, (s + 1) * opts.batchSize));
      const loss = tf.tidy(() => opts.optimizer.minimize(() => opts.loss(rows), true, opts.variables)!);
      const value = (await loss.data())[0];
      loss.dispose();
      sum += value;
      opts.progress.tick(value);
    }
    const log: EpochLog = { epoch, loss: sum / steps, ms: Math.round(performance.now() - t0) };
    const after = opts.afterEpoch ? await opts.afterEpoch(epoch, log.loss) : {};
    Object.assign(log, after.metrics);
    logs.push(log);
    const extra = Object.entries(after.metrics ?? {})
      .map(([k, v]) => `${k} ${v.toFixed(4)}`)
      .join(', ');
    opts.progress.stop(
      `loss ${log.loss.toFixed(4)}${extra ? `, ${extra}` : ''} (${(log.ms / 1000).toFixed(1)} s)`,
    );
    if (after.stop) break;
  }
  return logs;
}

/** Epochs scaled to the data size: config.epochs, capped by the step budget (at least 3). */
export function epochsFor(
  examples: number,
  config: { epochs: number; batchSize: number; maxSteps: number },
): number {
  const steps = Math.max(1, Math.ceil(examples / config.batchSize));
  return Math.min(config.epochs, Math.max(3, Math.floor(config.maxSteps / steps)));
}
