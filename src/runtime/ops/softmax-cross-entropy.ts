import { fusedOps, hostFloats, hostKernels, hostTensor } from '../host.ts';
import { tf } from '../tf.ts';

/**
 * Mean softmax cross-entropy of `logits` [B, W] against one target column per row, fused: the
 * forward pass computes each row's log-sum-exp and the loss in one pass over the matrix, the
 * backward pass writes (softmax − one-hot)·dy/B in one more. The composed TF.js version runs max,
 * subtract, exp (three times), sum, log and a one-hot product as separate kernels over the
 * B x W matrix. With the native addon the exps are vectorised (native/softmax_xent.c).
 */
export function softmaxCrossEntropy(logits: tf.Tensor2D, targets: Int32Array): tf.Scalar {
  const [b, w] = logits.shape;
  if (targets.length !== b)
    throw new RangeError(`softmax cross-entropy: ${targets.length} targets for ${b} rows`);
  // Checked here, for the fused and the composed path alike (a one-hot of an outside column is zeros).
  for (const t of targets)
    if (!(t >= 0 && t < w)) throw new RangeError(`softmax cross-entropy: target column ${t} out of range`);
  if (!fusedOps()) return composedCrossEntropy(logits, targets);
  const lse = new Float32Array(b);
  const op = tf.customGrad<tf.Scalar>((...args) => {
    const x = args[0] as tf.Tensor2D;
    const save = args[1] as unknown as (tensors: tf.Tensor[]) => void;
    const loss = hostKernels().softmaxXentForward(hostFloats(x), targets, lse, b, w);
    save([x]);
    return {
      value: tf.scalar(loss / b),
      gradFunc: (dy: tf.Scalar, saved: tf.Tensor[]) => {
        const scale = dy.dataSync()[0] / b;
        return hostTensor<tf.Rank.R2>([b, w], (out, read) =>
          hostKernels().softmaxXentBackward(read(saved[0]), targets, lse, scale, out, b, w),
        );
      },
    };
  });
  return op(logits);
}

/** The same with stock ops: log-softmax, then the targets' entries through a one-hot mask. */
export function composedCrossEntropy(logits: tf.Tensor2D, targets: Int32Array): tf.Scalar {
  const [b, w] = logits.shape;
  const picked = tf.mul(tf.logSoftmax(logits), tf.oneHot(tf.tensor1d(targets, 'int32'), w));
  return tf.div(tf.neg(tf.sum(picked)), b) as tf.Scalar;
}
