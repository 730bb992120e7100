import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { idProblem } from '../../data/ids.ts';
import { ValidationError } from '../../errors.ts';
import type { Engine } from '../../serving/engine.ts';
import type { Metrics } from '../plugins/metrics.ts';
import { getRecommendationsSchema, getSimilarSchema } from '../schemas/recommendations.ts';

const list = (csv?: string) =>
  csv === undefined
    ? undefined
    : csv
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);

/** GET /recommendations/:userId and GET /items/:itemId/similar: request types from their schemas. */
export const recommendationRoutes: FastifyPluginAsyncTypebox<{ engine: Engine; metrics: Metrics }> = async (
  app,
  { engine, metrics },
) => {
  app.get('/recommendations/:userId', { schema: getRecommendationsSchema }, async (req) => {
    checkId('userId', req.params.userId);
    const {
      k,
      device,
      country,
      explain,
      topics,
      excludeTopics,
      maxAgeDays,
      freshnessBoost,
      diversityLambda,
      maxPerTopic,
    } = req.query;
    const context = device || country ? { device, country } : undefined;
    const filters =
      topics !== undefined || excludeTopics !== undefined || maxAgeDays !== undefined
        ? { topics: list(topics), excludeTopics: list(excludeTopics), maxAgeDays }
        : undefined;
    const rules = { freshnessBoost, diversityLambda, maxPerTopic };
    const { timings, ...rec } = await engine.recommend({
      userId: req.params.userId,
      k,
      context,
      explain,
      filters,
      rules,
    });
    if (timings) metrics.stageTimings(timings);
    return rec;
  });
  app.get('/items/:itemId/similar', { schema: getSimilarSchema }, async (req) => {
    checkId('itemId', req.params.itemId);
    if (req.query.userId !== undefined) checkId('userId', req.query.userId);
    const { k, userId } = req.query;
    return engine.similar({ itemId: req.params.itemId, k, userId });
  });
};

/** A 400 naming the field when an id from the URL is not one reco accepts (see data/ids.ts). */
function checkId(field: string, id: string): void {
  const problem = idProblem(id);
  if (problem) throw new ValidationError(`${field} ${problem}`, [{ field, message: problem }]);
}
