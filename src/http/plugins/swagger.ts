import { readFileSync } from 'node:fs';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  version: string;
  description: string;
};
const OPENAPI_FILE = new URL('../../../openapi.yaml', import.meta.url);

/**
 * The OpenAPI document is generated from the route schemas (one source), written to
 * `openapi.yaml` by `npm run openapi`, and a test fails if the committed file differs. The
 * server shows it with Swagger UI at /docs and serves the committed file at /openapi.yaml.
 */
export async function registerSwagger(app: FastifyInstance, o: { ui: boolean }): Promise<void> {
  await app.register(swagger, {
    // Name shared components after their $id (ErrorBody, EventInput) instead of def-N.
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
    openapi: {
      openapi: '3.0.3',
      info: { title: 'reco', version: pkg.version, description: pkg.description },
      // Every operation needs a key unless it says `security: []` (the probes); admin operations
      // need an admin key (RECO_ADMIN_KEYS), which the same schemes carry.
      components: {
        securitySchemes: {
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ apiKey: [] }, { bearer: [] }],
      tags: [
        { name: 'recommendations', description: 'Ranked lists' },
        { name: 'events', description: 'Feedback from the product' },
        { name: 'health', description: 'Kubernetes probes' },
        { name: 'admin', description: 'Model lifecycle' },
      ],
    },
  });
  // The document is always built (`npm run openapi` writes it); serving it is a setting.
  if (!o.ui) return;
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // Its own CSP, with hashes for its inline scripts, instead of the API's 'none'. Without
    // upgrade-insecure-requests: the UI is often opened over plain http on localhost.
    staticCSP: true,
    transformStaticCSP: (h: string) => h.replace(/\s*upgrade-insecure-requests;?/, ''),
  });
  app.get('/openapi.yaml', { schema: { hide: true } }, async (_req, reply) =>
    reply.type('application/yaml').send(readFileSync(OPENAPI_FILE, 'utf8')),
  );
}
