import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { recommendBatch } from '../../serving/batch.ts';
import type { RecommendationLists } from '../../serving/lists.ts';
import { fromBody } from '../list-request.ts';
import type { Metrics } from '../plugins/metrics.ts';
import { postBatchSchema } from '../schemas/batch.ts';

/** POST /recommendations/batch: one list per user, each answered in place (serving/batch.ts). */
export const batchRoutes: FastifyPluginAsyncTypebox<{
  lists: RecommendationLists;
  metrics: Metrics;
  userBudgetMs: number;
}> = async (app, { lists, metrics, userBudgetMs }) => {
  app.post('/recommendations/batch', { schema: postBatchSchema }, async (req) => {
    const requests = req.body.requests.map(({ userId, ...rest }) => ({
      userId,
      // The provider types `sources` unknown (an Unsafe schema); the validator has checked it.
      request: () => fromBody(userId, rest as Parameters<typeof fromBody>[1]),
    }));
    const results = await recommendBatch(lists, requests, userBudgetMs, {
      onTimings: (t) => metrics.stageTimings(t),
      onError: (e) => req.log.error({ err: e }, 'a batch user failed'),
    });
    return { results };
  });
};
