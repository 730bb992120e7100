import { allocateExamples, type QueryExamples, selectRows, writeExample } from '../../features/query.ts';
import { writeSearchBag } from '../../features/search-history.ts';
import type { SoftmaxDnn } from '../../models/retrieval/softmax-dnn.ts';
import { readTidy } from '../../runtime/read.ts';
import { tf } from '../../runtime/tf.ts';
import { type RetrievalTrainConfig, trainRetrieval } from '../../training/train-retrieval.ts';
import { defineKind, type EvalContext, type Fitted, type ScoreSink } from './kind.ts';

/** A retrieval model with the query inputs of every test row written once. */
export interface FittedRetrieval {
  retrieval: SoftmaxDnn;
  queries: QueryExamples;
}

/**
 * Reorders part of one test row's scores in place before it is measured; `psi` holds the row's
 * query embedding at `psiRow`.
 */
export type Rerank = (
  row: number,
  scores: Float32Array,
  offset: number,
  psi: Float32Array,
  psiRow: number,
) => void;

/** Trains the softmax DNN on the training split, with the kind's changes to the configuration. */
export async function fitRetrieval(
  ctx: EvalContext,
  change: (cfg: RetrievalTrainConfig) => Partial<RetrievalTrainConfig> = () => ({}),
): Promise<Fitted<FittedRetrieval>> {
  const { spec, train, users, tests, opts } = ctx;
  const r = await trainRetrieval(
    spec,
    train,
    users,
    ctx.counts,
    { ...opts.retrieval, ...change(opts.retrieval) },
    ctx.progress,
    ctx.dataset.items,
  );
  // The served network is the refit (when on); the early-stopped one is not scored here.
  r.tuned?.dispose();
  // The test query reads the searches typed before the held-out watch (none when the model has no search input).
  const slots = r.model.config.searchLength ?? 0;
  const queries = allocateExamples(spec, tests.length, r.model.config.searchBuckets ? slots : 0);
  tests.forEach((t, i) => {
    const before = train.get(t.userId)!.watches;
    if (queries.searchIds)
      writeSearchBag(
        train.get(t.userId)!.searches,
        t.time,
        queries.searchIds,
        queries.searchWeights!,
        i * slots,
        slots,
      );
    writeExample(
      spec,
      queries,
      i,
      before.map((w) => w.item),
      users.get(t.userId),
      t,
      t.item,
      before.map((w) => w.time),
    );
  });
  return { model: { retrieval: r.model, queries }, trainMs: r.ms, curve: r.curve };
}

/** ψ(x)·v over the catalogue for every test row, in blocks of ~16 MB of scores. */
export async function scoreRetrieval(
  { retrieval, queries }: FittedRetrieval,
  ctx: EvalContext,
  sink: ScoreSink,
  rerank?: Rerank,
): Promise<void> {
  const { numItems, spec, tests } = ctx;
  const chunk = Math.max(1, Math.floor(4_000_000 / numItems));
  for (let s = 0; s < tests.length; s += chunk) {
    const rows = Array.from({ length: Math.min(chunk, tests.length - s) }, (_, i) => s + i);
    const [scores, psi] = readTidy(() => {
      const query = retrieval.query(selectRows(spec, queries, rows));
      return [tf.matMul(query, retrieval.items(), false, true), query];
    });
    rows.forEach((row, i) => {
      rerank?.(row, scores, i * numItems, psi, i);
      sink(row, scores, i * numItems);
    });
  }
}

/** A variant of the softmax DNN that differs from the configured one in `change` alone. */
function retrievalKind<const Name extends string>(
  name: Name,
  change?: (cfg: RetrievalTrainConfig) => Partial<RetrievalTrainConfig>,
) {
  return defineKind({
    name,
    train: (ctx) => fitRetrieval(ctx, change),
    score: (model: FittedRetrieval, ctx, sink) => scoreRetrieval(model, ctx, sink),
    dispose: (model) => model.retrieval.dispose(),
  });
}

/** The candidate generator as configured (YouTube's softmax DNN). */
export const softmaxKind = retrievalKind('softmax');

/** The same query tower, items embedded by the content tower alone. */
export const twoTowerKind = retrievalKind('two-tower', () => ({ itemRepresentation: 'tower' }));

/** No negatives at all: what the softmax's negatives are worth. */
export const positivesOnlyKind = retrievalKind('softmax-positives-only', () => ({ loss: 'positives-only' }));
