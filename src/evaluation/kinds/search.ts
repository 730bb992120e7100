import { defineKind } from './kind.ts';
import { type FittedRetrieval, fitRetrieval, scoreRetrieval } from './softmax-dnn.ts';

/**
 * The softmax DNN without its search input (`reco train --no-search`), for the comparison with
 * `softmax`, which reads the user's latest search tokens whenever the data holds searches.
 */
export const softmaxNoSearchKind = defineKind({
  name: 'softmax-no-search',
  train: (ctx) => fitRetrieval(ctx, () => ({ searchInput: false })),
  score: (model: FittedRetrieval, ctx, sink) => scoreRetrieval(model, ctx, sink),
  dispose: (model) => model.retrieval.dispose(),
});
