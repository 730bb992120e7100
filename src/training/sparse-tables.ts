import type { QueryBatch } from '../features/query.ts';
import { RowSlab } from '../models/retrieval/row-slab.ts';
import type { SoftmaxDnn } from '../models/retrieval/softmax-dnn.ts';
import type { tf } from '../runtime/tf.ts';
import { FusedAdam } from './adam.ts';
import type { RetrievalTrainConfig } from './retrieval-config.ts';

/** From this many id-table rows `sparseEmbeddings: 'auto'` trains the tables sparsely. */
export const SPARSE_FROM_ROWS = 20_000;

/**
 * Sparse training of the id tables (history embeddings and the items' id part): each step reads
 * them through slabs of the rows its batch touches (row-slab.ts) and lazy Adam writes only those
 * rows back, so a step costs the same on 1,700 items and on 1M. Where it does not apply it is
 * off and training is dense: an optimizer other than FusedAdam (a non-wasm backend), the full
 * softmax or hard negatives (they score every item), uniform negatives (drawn inside the loss),
 * sequence training (other id layout); `auto` turns it on from SPARSE_FROM_ROWS rows, where the
 * dense gradients start to cost (below, lazy and dense Adam differ only in rows a step skips).
 */
export interface SparseTables {
  /** What `fit` differentiates: the model's variables with each id table replaced by its slab. */
  variables: tf.Variable[];
  /** Runs `f` (one step's loss) with the slabs loaded with `batch`'s rows and in use. */
  within<T>(batch: Pick<QueryBatch, 'historyIds'> & { labels: Int32Array }, f: () => T): T;
  dispose(): void;
}

export function sparseApplies(config: RetrievalTrainConfig, tableRows: number): boolean {
  const mode = config.sparseEmbeddings ?? 'auto';
  if (mode === 'off' || (mode === 'auto' && tableRows < SPARSE_FROM_ROWS)) return false;
  return (
    config.loss === 'in-batch' &&
    config.hardNegatives === 0 &&
    config.uniformNegatives === 0 &&
    !config.sequenceTraining
  );
}

/** The slabs of `model`'s id tables, tied to `optimizer`; undefined where training stays dense. */
export function sparseTables(
  model: SoftmaxDnn,
  config: RetrievalTrainConfig,
  optimizer: tf.Optimizer,
): SparseTables | undefined {
  // Not instanceof: tf.Optimizer's Symbol.hasInstance calls anything with minimize() an optimizer.
  if (!(optimizer.constructor === FusedAdam) || !sparseApplies(config, model.historyEmbedding.shape[0]))
    return;
  const adam = optimizer as FusedAdam;
  const trained = new Set(model.variables());
  const history = new RowSlab(model.historyEmbedding, config.batchSize * model.config.historyLength);
  const items = trained.has(model.itemEmbedding)
    ? new RowSlab(model.itemEmbedding, config.batchSize)
    : undefined;
  const slabs = new Map([[history.table, history]]);
  if (items) slabs.set(items.table, items);
  for (const s of slabs.values()) adam.tieSlab(s);
  return {
    variables: model.variables().map((v) => slabs.get(v)?.variable ?? v),
    within(batch, f) {
      history.fill([model.idRows(batch.historyIds)]);
      items?.fill([model.idRows(batch.labels)]);
      model.useSlabs(slabs);
      try {
        return f();
      } finally {
        model.useSlabs(undefined);
      }
    },
    dispose() {
      for (const s of slabs.values()) s.dispose();
    },
  };
}
