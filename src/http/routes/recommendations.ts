import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../serving/engine.ts';
import { getRecommendationsSchema } from '../schemas/recommendations.ts';

export function recommendationRoutes(app: FastifyInstance, engine: Engine): void {
  app.get<{ Params: { userId: string }; Querystring: { k: number; device?: string; country?: string } }>(
    '/recommendations/:userId',
    { schema: getRecommendationsSchema },
    async (req) => {
      const { k, device, country } = req.query;
      const context = device || country ? { device, country } : undefined;
      return engine.recommend({ userId: req.params.userId, k, context });
    },
  );
}
