import type { QueryBatch } from '../../src/features/query.ts';
import type { SoftmaxDnn } from '../../src/models/retrieval/softmax-dnn.ts';
import { tf } from '../../src/runtime/tf.ts';

/**
 * A stand-in for the retrieval network whose scores the test chooses: dim 2, item i's vector is
 * [scores[i], i], and every query is `queryOf(batch, row)` ([1, 0] by default, so a query's score
 * of item i is scores[i]). The second coordinate lets a stub ranker tell the items apart from
 * their features (v sits at columns dim .. 2·dim of a ranker row).
 */
export function fixedScorer(
  scores: readonly number[],
  queryOf: (batch: QueryBatch, row: number) => [number, number] = () => [1, 0],
): SoftmaxDnn {
  const numItems = scores.length;
  const vectors = Float32Array.from(scores.flatMap((s, i) => [s, i]));
  const stub = {
    config: { numItems, dim: 2, exampleAge: false },
    itemVectors: () => vectors,
    items: () => tf.tensor2d(vectors, [numItems, 2]),
    query: (batch: QueryBatch) =>
      tf.tensor2d(
        Array.from({ length: batch.size }, (_, r) => queryOf(batch, r)),
        [batch.size, 2],
      ),
  };
  return stub as unknown as SoftmaxDnn;
}
