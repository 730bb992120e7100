/**
 * The operations to fuzz, read from the app itself rather than kept by hand: the OpenAPI
 * document it builds (`app.swagger()`, what `npm run openapi` writes to openapi.yaml) gives every
 * documented operation with its parameters and body schema; the route table (`routeAccess`)
 * gives the routes the document hides (/docs, /openapi.yaml, /metrics) and the access each route
 * declared. A new route is fuzzed the day it is registered.
 */
import { readdirSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { JsonSchema, Resolve } from './schema-arbitrary.ts';
import { resolverFor } from './schema-arbitrary.ts';

export type Access = 'open' | 'client' | 'admin';

export interface Param {
  name: string;
  in: 'path' | 'query';
  /** Must be sent: required and without a default (a default stands in for a missing one). */
  mustSend: boolean;
  schema: JsonSchema;
}

export interface Operation {
  /** `GET /items/{itemId}/similar`: the name in reports. */
  key: string;
  method: string;
  /** The path template, OpenAPI style. */
  path: string;
  access: Access;
  params: Param[];
  /**
   * Unknown query parameters are refused. The OpenAPI document cannot say so (a parameter list
   * has no additionalProperties), so it is read from the route's own querystring schema.
   */
  queryClosed: boolean;
  body?: JsonSchema;
  bodyRequired: boolean;
  /** Response schemas by status, for the 2xx answers. */
  responses: Record<string, JsonSchema>;
  /** In the OpenAPI document (hidden routes carry no schemas: driven, but only loosely judged). */
  documented: boolean;
}

interface DocOperation {
  summary?: string;
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean; schema: JsonSchema }[];
  requestBody?: { required?: boolean; content?: Record<string, { schema: JsonSchema }> };
  responses?: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
}
export interface OpenApiDoc {
  security?: unknown[];
  paths: Record<string, Record<string, DocOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

type RouteSchema = { summary?: string; querystring?: JsonSchema };

/**
 * The route schemas as the routes declare them (src/http/schemas/*.ts), by summary: the one
 * place the "closed" querystrings are visible. Matching by summary keeps this list-free.
 */
async function routeSchemasBySummary(): Promise<Map<string, RouteSchema>> {
  const dir = new URL('../../src/http/schemas/', import.meta.url);
  const out = new Map<string, RouteSchema>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const mod = (await import(new URL(file, dir).href)) as Record<string, unknown>;
    for (const value of Object.values(mod)) {
      const s = value as RouteSchema;
      if (s && typeof s === 'object' && typeof s.summary === 'string') out.set(s.summary, s);
    }
  }
  return out;
}

export interface Api {
  ops: Operation[];
  doc: OpenApiDoc;
  resolve: Resolve;
  /** Whether some route answers `method` on the fastify-style `route`. */
  serves(method: string, route: string): boolean;
}

export async function discover(app: FastifyInstance): Promise<Api> {
  const doc = app.swagger() as unknown as OpenApiDoc;
  const resolve = resolverFor(doc);
  const table = app.routeAccess ?? [];
  // The declared access, or (an app without the route table) what the document's security says.
  const accessOf = (method: string, route: string, op: DocOperation): Access =>
    (table.find((r) => r.method === method && r.url === route)?.access as Access | undefined) ??
    (op.security?.length === 0 ? 'open' : 'client');
  const raw = await routeSchemasBySummary();
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(methods)) {
      const method = m.toUpperCase();
      const route = toRoute(path);
      const query = raw.get(op.summary ?? '')?.querystring;
      const params = (op.parameters ?? [])
        .filter((p) => p.in === 'path' || p.in === 'query')
        .map((p) => ({
          name: p.name,
          in: p.in as 'path' | 'query',
          mustSend: p.in === 'path' || (p.required === true && p.schema.default === undefined),
          schema: p.schema,
        }));
      const json = op.requestBody?.content?.['application/json'];
      const responses: Record<string, JsonSchema> = {};
      for (const [status, r] of Object.entries(op.responses ?? {})) {
        const schema = r.content?.['application/json']?.schema;
        if (schema && status.startsWith('2')) responses[status] = schema;
      }
      ops.push({
        key: `${method} ${path}`,
        method,
        path,
        access: accessOf(method, route, op),
        params,
        queryClosed: query?.additionalProperties === false,
        body: json?.schema,
        bodyRequired: op.requestBody?.required === true,
        responses,
        documented: true,
      });
    }
  }
  // Hidden routes: no schema to generate from, but they answer the same traffic. HEAD routes
  // shadow GET ones (fastify adds them); the fuzzer sends HEAD as a method mutation instead.
  const documented = new Set(ops.map((o) => `${o.method} ${toRoute(o.path)}`));
  for (const r of table) {
    if (r.method === 'HEAD' || documented.has(`${r.method} ${r.url}`)) continue;
    documented.add(`${r.method} ${r.url}`);
    const path = r.url.replace(/:(\w+)/g, '{$1}');
    ops.push({
      key: `${r.method} ${path}`,
      method: r.method,
      path,
      access: r.access as Access,
      params: [...path.matchAll(/\{(\w+)\}/g)].map((x) => ({
        name: x[1],
        in: 'path' as const,
        mustSend: true,
        schema: { type: 'string', minLength: 1 },
      })),
      queryClosed: false,
      bodyRequired: false,
      responses: {},
      documented: false,
    });
  }
  const routes = new Set(table.map((r) => `${r.method} ${r.url}`));
  const serves = (method: string, route: string) =>
    routes.has(`${method} ${route}`) || (method === 'HEAD' && routes.has(`GET ${route}`));
  return { ops, doc, resolve, serves };
}

/** `/items/{itemId}/similar` -> `/items/:itemId/similar`. */
export const toRoute = (path: string): string => path.replace(/\{(\w+)\}/g, ':$1');
