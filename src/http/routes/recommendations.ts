import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Engine } from '../../serving/engine.ts';
import type { ListRequest, RecommendationLists } from '../../serving/lists.ts';
import { checkId, fromBody, fromQuery } from '../list-request.ts';
import type { Metrics } from '../plugins/metrics.ts';
import {
  getRecommendationsSchema,
  getSimilarSchema,
  postRecommendationsSchema,
} from '../schemas/recommendations.ts';

export { checkId };

/**
 * GET and POST /recommendations/:userId (the same list request, as a query string or as JSON)
 * and GET /items/:itemId/similar: request types from their schemas.
 */
export const recommendationRoutes: FastifyPluginAsyncTypebox<{
  engine: Engine;
  lists: RecommendationLists;
  metrics: Metrics;
}> = async (app, { engine, lists, metrics }) => {
  const answer = async (req: ListRequest) => {
    const { timings, ...rec } = await lists.get(req);
    if (timings) metrics.stageTimings(timings);
    return rec;
  };
  app.get('/recommendations/:userId', { schema: getRecommendationsSchema }, async (req) =>
    answer(fromQuery(req.params.userId, req.query)),
  );
  app.post('/recommendations/:userId', { schema: postRecommendationsSchema }, async (req) =>
    // The provider types `sources` unknown (an Unsafe schema); the validator has checked it.
    answer(fromBody(req.params.userId, (req.body ?? {}) as Parameters<typeof fromBody>[1])),
  );
  app.get('/items/:itemId/similar', { schema: getSimilarSchema }, async (req) => {
    checkId('itemId', req.params.itemId);
    if (req.query.userId !== undefined) checkId('userId', req.query.userId);
    const { k, userId } = req.query;
    return engine.similar({ itemId: req.params.itemId, k, userId });
  });
};
