import {
  closeServed,
  REPLAY_DELAY_MS,
  SERVED_K,
  type ServedModel,
  scoreServed,
  trainServed,
} from '../served.ts';
import { defineKind } from './kind.ts';

/** The bundle `reco train` writes, asked through the engine as a client asks the API. */
function servedKind<const Name extends string>(name: Name, delayMs: number) {
  return defineKind({
    name,
    listLength: SERVED_K,
    train: async (ctx) => {
      const { opts } = ctx;
      const served = await trainServed(
        ctx.dataset,
        ctx.tests,
        ctx.spec.items,
        {
          historyLength: opts.historyLength,
          retrieval: opts.retrieval,
          ranker: opts.ranker,
          candidates: opts.candidates,
        },
        ctx.progress,
      );
      return { model: served, trainMs: served.trainMs, blendBeta: served.beta };
    },
    score: (served: ServedModel, ctx, sink) =>
      scoreServed(served, ctx.tests, ctx.spec.items, delayMs, (row, scores) => sink(row, scores, 0)),
    dispose: closeServed,
  });
}

/** Asked at the moment of each held-out watch. */
export const servedNowKind = servedKind('served', 0);

/** Asked years after the history happened, as when a public data set is served today. */
export const servedReplayKind = servedKind('served-replay', REPLAY_DELAY_MS);
