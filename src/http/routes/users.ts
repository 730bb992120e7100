import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Engine } from '../../serving/engine.ts';
import { getSimilarUsersSchema } from '../schemas/users.ts';
import { checkId } from './recommendations.ts';

/** GET /users/:userId/similar: closest users in query-embedding space. */
export const userRoutes: FastifyPluginAsyncTypebox<{ engine: Engine }> = async (app, { engine }) => {
  app.get('/users/:userId/similar', { schema: getSimilarUsersSchema }, async (req) => {
    checkId('userId', req.params.userId);
    return engine.similarUsers({ userId: req.params.userId, k: req.query.k });
  });
};
