import type { SourceQuotas } from '../../bundle/sources-config.ts';
import {
  closeServed,
  REPLAY_DELAY_MS,
  SERVED_K,
  type ServedModel,
  scoreServed,
  sourceShares,
  trainServed,
} from '../served.ts';
import { defineKind } from './kind.ts';

/** The bundle `reco train` writes, asked through the engine as a client asks the API. */
function servedKind<const Name extends string>(name: Name, delayMs: number, withSources = false) {
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
      if (withSources) served.sources = { ...ALL_SOURCES, ...opts.sources };
      const report = () => (withSources ? { sourceShare10: sourceShares(served) } : {});
      return { model: served, trainMs: served.trainMs, blendBeta: served.beta, report };
    },
    score: (served: ServedModel, ctx, sink) =>
      scoreServed(served, ctx.tests, ctx.spec.items, delayMs, (row, scores) => sink(row, scores, 0)),
    dispose: closeServed,
  });
}

/**
 * The quotas `served-sources` asks with unless `--sources` says otherwise: every source on, at
 * the sizes a product would start from, beside ann's usual depth.
 */
export const ALL_SOURCES: SourceQuotas = { ann: 200, related: 30, neighbours: 30, fresh: 20, trending: 20 };

/** Asked at the moment of each held-out watch. */
export const servedNowKind = servedKind('served', 0);

/** Asked years after the history happened, as when a public data set is served today. */
export const servedReplayKind = servedKind('served-replay', REPLAY_DELAY_MS);

/** `served` with every candidate source on (ALL_SOURCES, or `--sources`), and each source's top-10 share. */
export const servedSourcesKind = servedKind('served-sources', 0, true);
