import type { RowSlab } from '../models/retrieval/row-slab.ts';
import { fusedOps, hostKernels, hostTensor } from '../runtime/host.ts';
import { tf } from '../runtime/tf.ts';
import { lazyAdamRows } from './lazy-adam.ts';

/**
 * Adam whose per-variable update is one fused pass (native/adam.c, or its JS twin): moments kept
 * as host arrays, the new value written once. tf.train.adam runs about ten element-wise kernels
 * per variable per step (two multiplies and an add per moment, square, sqrt, add, divide,
 * multiply, add, assign), each a wasm launch plus an allocation: ~4 ms of a ~17 ms step of the
 * reference model. Same formula and defaults as tf.train.adam (test/runtime/fused-ops.test.ts).
 */
export class FusedAdam extends tf.Optimizer {
  static readonly className = 'RecoFusedAdam';
  private readonly moments = new Map<string, { m: Float32Array; v: Float32Array }>();
  private step = 0;
  /** Slab variable name -> its slab: its gradient updates the table's rows lazily (lazy-adam.ts). */
  private readonly slabs = new Map<string, RowSlab>();
  /** Tables written in place, by name: the data id each was last given its own copy under. */
  private readonly owned = new Map<string, unknown>();

  constructor(
    readonly learningRate: number,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    /** tf.train.adam's default on float32 backends. */
    readonly epsilon = 1e-7,
  ) {
    super();
  }

  override applyGradients(
    variableGradients: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[],
  ): void {
    const list = Array.isArray(variableGradients)
      ? variableGradients
      : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    this.step++;
    const c1 = 1 - this.beta1 ** this.step;
    const c2 = 1 - this.beta2 ** this.step;
    const kernels = hostKernels();
    for (const { name, tensor: grad } of list) {
      const variable = tf.engine().registeredVariables[name];
      if (!variable || !grad) continue;
      const slab = this.slabs.get(name);
      if (slab) {
        this.ownTable(slab.table);
        const { m, v } = this.state(slab.table);
        const h = { lr: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
        lazyAdamRows(kernels, slab, grad, m, v, { ...h, c1, c2 });
        continue;
      }
      const { m, v } = this.state(variable);
      const next = hostTensor(variable.shape, (out, read) =>
        kernels.adamUpdate(
          read(variable),
          read(grad),
          m,
          v,
          out,
          this.learningRate,
          this.beta1,
          this.beta2,
          this.epsilon,
          c1,
          c2,
        ),
      );
      variable.assign(next);
      next.dispose();
    }
    this.incrementIterations();
  }

  /** Gradients of `slab.variable` update only the rows of `slab.table` the step read. */
  tieSlab(slab: RowSlab): void {
    this.slabs.set(slab.variable.name, slab);
  }

  private state(variable: tf.Variable): { m: Float32Array; v: Float32Array } {
    let state = this.moments.get(variable.name);
    if (!state) {
      state = { m: new Float32Array(variable.size), v: new Float32Array(variable.size) };
      this.moments.set(variable.name, state);
    }
    return state;
  }

  /**
   * Gives the table a copy of its data of its own before it is first written in place, and again
   * whenever it was assigned other data since (setWeights, an early-stopping restore): a tensor
   * assigned to a variable shares its data, and an in-place write must not reach the other holder.
   */
  private ownTable(table: tf.Variable): void {
    if (this.owned.get(table.name) === table.dataId) return;
    const copy = hostTensor(table.shape, (out, read) => out.set(read(table)));
    table.assign(copy);
    copy.dispose();
    this.owned.set(table.name, table.dataId);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      learningRate: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
    };
  }

  override dispose(): void {
    this.moments.clear();
    this.slabs.clear();
    this.owned.clear();
  }
}

/**
 * The optimizer reco trains with: the fused Adam where fused ops run (wasm, where kernel launches
 * are what costs), tf.train.adam elsewhere.
 */
export function createAdam(learningRate: number): tf.Optimizer {
  return fusedOps() ? new FusedAdam(learningRate) : tf.train.adam(learningRate);
}
