import { fusedOps, hostKernels, hostTensor } from '../runtime/host.ts';
import { tf } from '../runtime/tf.ts';

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
      let state = this.moments.get(name);
      if (!state) {
        state = { m: new Float32Array(variable.size), v: new Float32Array(variable.size) };
        this.moments.set(name, state);
      }
      const { m, v } = state;
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
  }
}

/**
 * The optimizer reco trains with: the fused Adam where fused ops run (wasm, where kernel launches
 * are what costs), tf.train.adam elsewhere.
 */
export function createAdam(learningRate: number): tf.Optimizer {
  return fusedOps() ? new FusedAdam(learningRate) : tf.train.adam(learningRate);
}
