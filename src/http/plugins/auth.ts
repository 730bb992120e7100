import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RecoError } from '../../errors.ts';

/**
 * API keys. `RECO_API_KEYS` holds comma-separated keys, each either plain or as `sha256:<hex>`
 * so a deployment can keep only hashes in its secret. Requests present the key in `x-api-key`
 * or `authorization: Bearer <key>`; it is hashed and compared in constant time against every
 * configured hash (no early exit), so timing reveals neither which key nor how much matched.
 */
export function parseApiKeys(raw: string): Buffer[] {
  return raw
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean)
    .map((k) => (k.startsWith('sha256:') ? Buffer.from(k.slice(7), 'hex') : sha256(k)));
}

const sha256 = (s: string) => createHash('sha256').update(s).digest();

export function presentedKey(req: FastifyRequest): string | undefined {
  const header = req.headers['x-api-key'];
  if (typeof header === 'string' && header) return header;
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7);
  return undefined;
}

export function keyMatches(hashes: readonly Buffer[], key: string): boolean {
  const h = sha256(key);
  let ok = false;
  for (const candidate of hashes) {
    if (candidate.length === h.length && timingSafeEqual(candidate, h)) ok = true;
  }
  return ok;
}

/**
 * Requires a valid key on every route except the open ones (probes, metrics and docs by
 * default, so Kubernetes and Prometheus need no secret). No keys configured = auth off.
 */
export function registerAuth(
  app: FastifyInstance,
  hashes: readonly Buffer[],
  openPrefixes: readonly string[],
): void {
  if (hashes.length === 0) return;
  app.addHook('onRequest', async (req) => {
    const path = req.url.split('?')[0];
    if (openPrefixes.some((p) => path === p || path.startsWith(`${p}/`))) return;
    const key = presentedKey(req);
    if (!key)
      throw new RecoError('UNAUTHORIZED', 'an API key is required (x-api-key or authorization: Bearer)', 401);
    if (!keyMatches(hashes, key)) throw new RecoError('UNAUTHORIZED', 'the API key is not valid', 401);
  });
}
