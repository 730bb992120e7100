import { readTidy } from '../../runtime/read.ts';
import { tf } from '../../runtime/tf.ts';
import { applyStack, assignWeights, createStack, type Dense, namedWeights } from '../layers/dense.ts';

/** The ranking DNN: a ReLU stack over {@link writeRankerFeatures} with one logit out. */
export interface RankerConfig {
  inputWidth: number;
  /** Hidden layer sizes; a final 1-unit linear layer is added. */
  hidden: number[];
  seed: number;
}

export class Ranker {
  readonly config: RankerConfig;
  readonly layers: Dense[];

  constructor(config: RankerConfig, weights?: tf.NamedTensorMap) {
    this.config = config;
    this.layers = createStack('ranker', config.inputWidth, [...config.hidden, 1], config.seed);
    if (weights) this.setWeights(weights);
  }

  variables(): tf.Variable[] {
    return this.layers.flatMap((l) => [l.w, l.b]);
  }

  /** Logits for [B, inputWidth] features: [B]. exp(logit) is the expected watch time. */
  logits(features: tf.Tensor2D): tf.Tensor1D {
    return tf.reshape(applyStack(this.layers, features), [-1]) as tf.Tensor1D;
  }

  /** Expected watch time (seconds) of each candidate row of `features` ([rows * inputWidth]). */
  score(features: Float32Array, rows: number): Float32Array {
    return readTidy(() => tf.exp(this.logits(tf.tensor2d(features, [rows, this.config.inputWidth]))));
  }

  getWeights(): tf.NamedTensorMap {
    return namedWeights(this.variables());
  }

  setWeights(weights: tf.NamedTensorMap): void {
    assignWeights('ranker', this.variables(), weights);
  }

  dispose(): void {
    tf.dispose(this.variables());
  }
}
