import { readFileSync } from 'node:fs';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { SECURITY_SCHEMES, securityFor } from './openapi-security.ts';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  version: string;
  description: string;
  license: string;
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
    // Each operation's security comes from the access its route declares (auth.ts), never
    // written twice. Hidden routes (/metrics, /docs) are left alone so they stay hidden.
    transform: ({ schema, url, route }) => {
      if (!schema || schema.hide) return { schema, url };
      return { schema: { ...schema, security: securityFor(route.config?.access ?? 'client') }, url };
    },
    openapi: {
      // 3.1: its schemas are JSON Schema, as Ajv reads the route schemas (a numeric
      // `exclusiveMinimum`, for one, means the same to both; 3.0 only knew the boolean form).
      openapi: '3.1.0',
      info: {
        title: 'reco',
        version: pkg.version,
        description: pkg.description,
        license: { name: pkg.license, identifier: pkg.license },
      },
      // `reco serve` listens on RECO_HOST:RECO_PORT (3000 by default); the variables let a client
      // generated from this document point anywhere.
      servers: [
        {
          url: '{scheme}://{host}:{port}',
          description: 'A reco server',
          variables: {
            scheme: { default: 'http', enum: ['http', 'https'] },
            host: { default: 'localhost' },
            port: { default: '3000', description: 'RECO_PORT' },
          },
        },
      ],
      components: { securitySchemes: SECURITY_SCHEMES },
      tags: [
        { name: 'recommendations', description: 'Ranked lists' },
        { name: 'events', description: 'Feedback from the product' },
        { name: 'items', description: 'The catalogue' },
        { name: 'users', description: "A user's data: what is stored and served, and erasure" },
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
