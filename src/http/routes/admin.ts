import type { FastifyInstance } from 'fastify';
import type { ReloadResult } from '../../serving/model-loader.ts';
import { reloadSchema, retrainSchema } from '../schemas/admin.ts';

export function adminRoutes(
  app: FastifyInstance,
  reload?: () => Promise<ReloadResult>,
  retrain?: () => 'started' | 'running',
): void {
  if (reload) app.post('/admin/reload', { schema: reloadSchema }, async () => reload());
  if (retrain)
    app.post('/admin/retrain', { schema: retrainSchema }, async (_req, reply) =>
      reply.status(202).send({ status: retrain() }),
    );
}
