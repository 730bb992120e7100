import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter, type Registry } from 'prom-client';
import { type RecoError, recoError } from '../../errors.ts';
import { keyMatches, presentedKey } from '../api-keys.ts';
import { isLoopbackAddress } from '../exposure.ts';
import { FailureLimiter } from './failure-limiter.ts';

/**
 * Who may call a route: anyone (`open`: probes, and metrics and docs when so configured), the
 * product backend (`client`: the default for every route, including unknown ones, so a 404
 * reveals nothing without a key), or an operator (`admin`: anything that replaces the model).
 */
export type Access = 'open' | 'client' | 'admin';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyInstance {
    /** Every route with the access it was given: what the README's open-route list is checked against. */
    routeAccess: { method: string; url: string; access: Access }[];
  }
}

export interface AuthOptions {
  /** RECO_API_KEYS (+ its file): the client keys, read at every request (they rotate). */
  clientKeys: { readonly hashes: readonly Buffer[] };
  /** RECO_ADMIN_KEYS (+ its file): valid on admin and client routes. */
  adminKeys: { readonly hashes: readonly Buffer[] };
  /**
   * Decided once, at start: client routes need a key (there were client keys). Never derived
   * from the current keys, so a key file emptied at run time refuses everyone instead of
   * opening the routes.
   */
  clientKeysRequired: boolean;
  /** Likewise for admin routes: there were admin keys at start. */
  adminKeysRequired: boolean;
  /**
   * The server listens on loopback only. Then, and only then, admin routes without admin keys
   * answer clients connecting from this host. On any other address a reverse proxy or sidecar
   * on the same host would make every remote caller look local, so they are off instead.
   */
  loopbackOnly: boolean;
  /** Failed authentications per client IP per minute before 429 (0 = no limit). */
  failureLimit: number;
  registry: Registry;
  now?: () => number;
}

/**
 * Gives every route that declares no access one: `open` for CORS preflights (they carry no
 * credentials by design and answer nothing but the CORS policy) and for routes under
 * `openPrefixes` (the docs, when configured so), `client` for all others. Added before any
 * route, plugins' routes included.
 */
export function declareAccess(app: FastifyInstance, openPrefixes: readonly string[]): void {
  const table: FastifyInstance['routeAccess'] = [];
  app.decorate('routeAccess', table);
  app.addHook('onRoute', (route) => {
    const url = route.url ?? route.path ?? '';
    if (!route.config?.access) {
      const open =
        route.method === 'OPTIONS' || openPrefixes.some((p) => url === p || url.startsWith(`${p}/`));
      route.config = { ...route.config, access: open ? 'open' : 'client' };
    }
    const access = route.config.access as Access;
    for (const method of [route.method].flat()) table.push({ method, url, access });
  });
}

type Failure = 'missing_key' | 'invalid_key' | 'client_key_on_admin_route' | 'admin_disabled';

/**
 * The access check, one `onRequest` hook for every route: it runs after routing (so it reads
 * the matched route's declared access, never the raw URL, and no spelling of a path can reach a
 * route without its check) and before the body is read. Access is decided by the route itself:
 * `//admin/x`, `/Admin/x` and `/healthz/../admin/x` either match the admin route (and need an
 * admin key) or match nothing (a 404 that needs a client key).
 */
export function registerAuth(app: FastifyInstance, o: AuthOptions): void {
  const failures = new Counter({
    name: 'reco_auth_failures_total',
    help: 'Requests refused by the access check, by reason',
    labelNames: ['reason'],
    registers: [o.registry],
  });
  const blocked = new Counter({
    name: 'reco_rate_limited_total',
    help: 'Requests answered 429, by limit (auth_failures: per client IP; per_key: RECO_RATE_LIMIT)',
    labelNames: ['limit'],
    registers: [o.registry],
  });
  const limiter = new FailureLimiter(o.failureLimit, 60_000, o.now);

  // The error comes from the registry (src/errors.ts): code, status and wording in one place.
  const refuse = (req: FastifyRequest, reason: Failure, error: RecoError): never => {
    failures.inc({ reason });
    // Only guesses count towards the per-IP limit: a client key on an admin route is a
    // misconfiguration, not an attack on the keys.
    if (error.statusCode === 401) limiter.fail(req.ip);
    throw error;
  };

  app.addHook('onRequest', async (req, reply) => {
    const access = req.routeOptions.config?.access ?? 'client';
    if (access === 'open') return;
    if (access === 'client' && !o.clientKeysRequired) return;
    // While an IP is over its budget of failures nothing it sends is checked, so a guess cannot
    // be told from a hit by the answer.
    const waitMs = limiter.blockedFor(req.ip);
    if (waitMs > 0) {
      blocked.inc({ limit: 'auth_failures' });
      const seconds = Math.ceil(waitMs / 1000);
      reply.header('retry-after', String(seconds));
      throw recoError('RATE_LIMITED', { limit: 'auth_failures', seconds });
    }
    const key = presentedKey(req);
    if (access === 'admin' && !o.adminKeysRequired) {
      if (o.loopbackOnly && isLoopbackAddress(req.socket.remoteAddress)) return;
      refuse(
        req,
        'admin_disabled',
        recoError('FORBIDDEN', { reason: o.loopbackOnly ? 'admin_local_only' : 'admin_off' }),
      );
    }
    if (!key) refuse(req, 'missing_key', recoError('UNAUTHORIZED', { reason: 'missing' }));
    const admin = keyMatches(o.adminKeys.hashes, key as string);
    if (access === 'admin') {
      if (admin) return;
      if (keyMatches(o.clientKeys.hashes, key as string))
        refuse(req, 'client_key_on_admin_route', recoError('FORBIDDEN', { reason: 'client_key' }));
      refuse(req, 'invalid_key', recoError('UNAUTHORIZED', { reason: 'invalid' }));
    }
    if (!admin && !keyMatches(o.clientKeys.hashes, key as string))
      refuse(req, 'invalid_key', recoError('UNAUTHORIZED', { reason: 'invalid' }));
  });
}

/** The 429s of the per-key limit (RECO_RATE_LIMIT) count in the same metric as the auth limit. */
export function countPerKeyLimit(registry: Registry): () => void {
  const c = registry.getSingleMetric('reco_rate_limited_total') as Counter | undefined;
  return () => c?.inc({ limit: 'per_key' });
}
