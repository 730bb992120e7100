import type { FastifyInstance } from 'fastify';
import type { ReloadResult } from '../../serving/model-loader.ts';
import { reloadSchema } from '../schemas/admin.ts';

export function adminRoutes(app: FastifyInstance, reload: () => Promise<ReloadResult>): void {
  app.post('/admin/reload', { schema: reloadSchema }, async () => reload());
}
