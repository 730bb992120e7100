import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ModelNotReadyError } from '../../errors.ts';
import type { Engine } from '../../serving/engine.ts';
import { healthzSchema, readyzSchema } from '../schemas/health.ts';

/** Probes need no key: Kubernetes sends none. They say nothing but alive and the model version. */
const OPEN = { access: 'open' as const };

/** GET /healthz and GET /readyz. */
export const healthRoutes: FastifyPluginAsyncTypebox<{ engine: Engine }> = async (app, { engine }) => {
  app.get('/healthz', { schema: healthzSchema, config: OPEN }, async () => ({ status: 'ok' as const }));
  app.get('/readyz', { schema: readyzSchema, config: OPEN }, async () => {
    const version = engine.modelVersion();
    if (!engine.isReady() || !version) throw new ModelNotReadyError();
    return { status: 'ready' as const, modelVersion: version };
  });
};
