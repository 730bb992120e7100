import { camfKind } from './camf.ts';
import { easeKind, itemKnnKind } from './closed-form.ts';
import { postFilterKind, preFilterKind, softmaxNoContextKind } from './context.ts';
import type { ModelKind } from './kind.ts';
import { pipelineKind } from './pipeline.ts';
import { popularKind } from './popular.ts';
import { softmaxNoSearchKind } from './search.ts';
import { servedNowKind, servedReplayKind, servedSourcesKind } from './served.ts';
import { positivesOnlyKind, softmaxKind, twoTowerKind } from './softmax-dnn.ts';
import { walsKind } from './wals.ts';

/**
 * The model kinds `reco evaluate` knows: the single registration list (a new kind is a file
 * in this folder and one entry here). The order is the report's default row order.
 */
export const EVAL_KINDS = [
  softmaxKind,
  softmaxNoSearchKind,
  pipelineKind,
  twoTowerKind,
  servedNowKind,
  servedReplayKind,
  servedSourcesKind,
  positivesOnlyKind,
  walsKind,
  softmaxNoContextKind,
  preFilterKind,
  postFilterKind,
  camfKind,
  easeKind,
  itemKnnKind,
  popularKind,
] as const;

export type EvalModel = (typeof EVAL_KINDS)[number]['name'];

export const EVAL_MODELS: readonly EvalModel[] = EVAL_KINDS.map((k) => k.name);

/** Kinds only the context-aware comparison runs (they need a world where context matters). */
const CONTEXT_ONLY: readonly EvalModel[] = [
  'softmax-no-context',
  'context-pre-filter',
  'context-post-filter',
  'camf',
];

/** `reco evaluate --context`: contextual modelling with and without context features, pre- and post-filtering, CAMF. */
export const CONTEXT_MODELS: readonly EvalModel[] = ['softmax', ...CONTEXT_ONLY];

/** What `reco evaluate` runs when --models is not given: all but the opt-in comparisons. */
export const DEFAULT_MODELS: readonly EvalModel[] = EVAL_MODELS.filter(
  (m) => m !== 'served-sources' && m !== 'softmax-no-search' && !CONTEXT_ONLY.includes(m),
);

export function kindOf(name: EvalModel): ModelKind<EvalModel> {
  return EVAL_KINDS.find((k) => k.name === name)!;
}
