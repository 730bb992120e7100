import { BundleError } from '../../errors.ts';
import { tf } from '../../runtime/tf.ts';

/** A fully connected layer's variables: y = x·W + b, W: [in, out], b: [out]. */
export interface Dense {
  w: tf.Variable;
  b: tf.Variable;
}

let instances = 0;

/**
 * tf.js variable names are global: two live copies of a model (the old and the new bundle
 * during a reload, or two tests) would collide. Each variable gets a unique suffix, and
 * {@link stableName} strips it again when weights are saved or matched.
 */
export function uniqueName(name: string): string {
  return `${name}#${++instances}`;
}

function stableName(v: tf.Variable): string {
  return v.name.replace(/#\d+$/, '');
}

/** Weights of `vars` keyed by stable name. */
export function namedWeights(vars: readonly tf.Variable[]): tf.NamedTensorMap {
  return Object.fromEntries(vars.map((v) => [stableName(v), v]));
}

/** Assigns weights by stable name, checking that each exists with the right shape. */
export function assignWeights(what: string, vars: readonly tf.Variable[], weights: tf.NamedTensorMap): void {
  for (const v of vars) {
    const name = stableName(v);
    const w = weights[name];
    if (!w) throw new BundleError(`${what} weights: missing "${name}"`);
    if (w.shape.join('x') !== v.shape.join('x')) {
      throw new BundleError(`${what} weights: "${name}" expected shape [${v.shape}], got [${w.shape}]`);
    }
    v.assign(w);
  }
}

/** He-initialised dense layer (suits the ReLU stacks used everywhere here). */
function createDense(name: string, inDim: number, outDim: number, seed: number): Dense {
  return tf.tidy(() => ({
    w: tf.variable(
      tf.randomNormal([inDim, outDim], 0, Math.sqrt(2 / inDim), 'float32', seed),
      true,
      uniqueName(`${name}/w`),
    ),
    b: tf.variable(tf.zeros([outDim]), true, uniqueName(`${name}/b`)),
  }));
}

/** Applies a stack of dense layers: ReLU after each layer except the last, which stays linear. */
export function applyStack(layers: readonly Dense[], x: tf.Tensor2D): tf.Tensor2D {
  let h = x;
  layers.forEach((l, i) => {
    const y = tf.add(tf.matMul(h, l.w), l.b) as tf.Tensor2D;
    h = i < layers.length - 1 ? tf.relu(y) : y;
  });
  return h;
}

/** Creates a stack `inDim -> sizes[0] -> ... -> sizes[last]`. */
export function createStack(name: string, inDim: number, sizes: readonly number[], seed: number): Dense[] {
  return sizes.map((out, i) => createDense(`${name}/${i}`, i === 0 ? inDim : sizes[i - 1], out, seed + i));
}
