import type { FastifyInstance } from 'fastify';
import { ModelNotReadyError } from '../../errors.ts';
import type { Engine } from '../../serving/engine.ts';
import { healthzSchema, readyzSchema } from '../schemas/health.ts';

export function healthRoutes(app: FastifyInstance, engine: Engine): void {
  app.get('/healthz', { schema: healthzSchema }, async () => ({ status: 'ok' as const }));
  app.get('/readyz', { schema: readyzSchema }, async () => {
    const version = engine.modelVersion();
    if (!engine.isReady() || !version) throw new ModelNotReadyError();
    return { status: 'ready' as const, modelVersion: version };
  });
}
