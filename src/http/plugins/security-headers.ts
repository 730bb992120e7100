import type { OutgoingHttpHeader, ServerResponse } from 'node:http';
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';

/**
 * The security headers (helmet's set for `options`) on every response, set by one hook.
 *
 * @fastify/helmet builds helmet's middleware chain again on every request (it parses the CSP
 * directives and makes one closure per header: ~6 % of the HTTP layer's time in the profile of
 * GET /recommendations), although the headers it sets do not depend on the request when no
 * directive is a function. So helmet runs once, at start, on a probe instance, and the headers
 * it set are copied onto every response. The set stays the library's (a helmet upgrade changes
 * it here too); test/security/headers.test.ts compares it with the set helmet sent per request.
 *
 * Like the plugin, the hook is an `onRequest` hook on the root instance, registered before the
 * access check (so refusals and 404s carry the headers too), and sets them on the raw response,
 * so a route that sets one of them through `reply.header` (Swagger UI's CSP on /docs) still
 * overrides it. Per-route `helmet` options and `reply.helmet()` are not offered: no route uses them.
 */
export async function registerSecurityHeaders(
  app: FastifyInstance,
  options: FastifyHelmetOptions,
): Promise<void> {
  const headers = await helmetHeaders(options);
  applied.set(app, headers);
  app.addHook('onRequest', (_req, reply, done) => {
    setAll(reply.raw, headers);
    done();
  });
}

/**
 * The headers on a response that no hook saw: the router's own 400 and 414 answers
 * (`frameworkErrors`) are sent before any `onRequest` hook runs, so the error handler for them
 * calls this. An instance without registerSecurityHeaders gets none.
 */
export function applySecurityHeaders(reply: FastifyReply): void {
  const headers = applied.get(reply.server);
  if (headers) setAll(reply.raw, headers);
}

const setAll = (res: ServerResponse, headers: Headers) => {
  for (const [name, value] of headers) res.setHeader(name, value);
};

type Headers = readonly (readonly [string, OutgoingHttpHeader])[];

/** The headers each instance sends (its root instance: where the hook is registered). */
const applied = new WeakMap<FastifyInstance, Headers>();

/** The headers helmet sets for `options`, once per distinct options (buildApp runs in every test). */
const probed = new Map<string, Promise<Headers>>();

function helmetHeaders(options: FastifyHelmetOptions): Promise<Headers> {
  const key = JSON.stringify(options, (_k, v) => {
    if (typeof v === 'function')
      throw new TypeError('security headers: a function option varies per request');
    return v;
  });
  let got = probed.get(key);
  if (!got) {
    got = probe(options);
    probed.set(key, got);
  }
  return got;
}

async function probe(options: FastifyHelmetOptions): Promise<Headers> {
  const app = Fastify({ logger: false });
  await app.register(helmet, { ...options, global: true });
  let set: Headers = [];
  // In the handler the raw response holds only what helmet's onRequest hooks set on it.
  app.get('/', async (_req, reply) => {
    set = Object.entries(reply.raw.getHeaders()).filter(
      (h): h is [string, OutgoingHttpHeader] => h[1] !== undefined,
    );
    return '';
  });
  await app.inject({ url: '/' });
  await app.close();
  if (set.length === 0) throw new Error('security headers: helmet set none');
  return set;
}
