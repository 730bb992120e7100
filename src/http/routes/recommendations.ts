import type { FastifyInstance } from 'fastify';
import { idProblem } from '../../data/ids.ts';
import { ValidationError } from '../../errors.ts';
import type { Engine } from '../../serving/engine.ts';
import type { Metrics } from '../plugins/metrics.ts';
import { getRecommendationsSchema, getSimilarSchema } from '../schemas/recommendations.ts';

interface RecommendationQuery {
  k: number;
  device?: string;
  country?: string;
  explain: boolean;
  topics?: string;
  excludeTopics?: string;
  maxAgeDays?: number;
  freshnessBoost?: number;
  diversityLambda?: number;
  maxPerTopic?: number;
}

const list = (csv?: string) =>
  csv === undefined
    ? undefined
    : csv
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);

export function recommendationRoutes(app: FastifyInstance, engine: Engine, metrics: Metrics): void {
  app.get<{ Params: { userId: string }; Querystring: RecommendationQuery }>(
    '/recommendations/:userId',
    { schema: getRecommendationsSchema },
    async (req) => {
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
    },
  );
  app.get<{ Params: { itemId: string }; Querystring: { k: number; userId?: string } }>(
    '/items/:itemId/similar',
    { schema: getSimilarSchema },
    async (req) => {
      checkId('itemId', req.params.itemId);
      if (req.query.userId !== undefined) checkId('userId', req.query.userId);
      return engine.similar({ itemId: req.params.itemId, k: req.query.k, userId: req.query.userId });
    },
  );
}

/** A 400 naming the field when an id from the URL is not one reco accepts (see data/ids.ts). */
function checkId(field: string, id: string): void {
  const problem = idProblem(id);
  if (problem) throw new ValidationError(`${field} ${problem}`, [{ field, message: problem }]);
}
