import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/**
 * API keys. A list holds comma-separated keys, each either plain or as `sha256:<hex>` so a
 * deployment can keep only hashes in its secret. Requests present the key in `x-api-key` or
 * `authorization: Bearer <key>`; it is hashed and compared in constant time against every
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
  if (auth && /^bearer /i.test(auth)) return auth.slice(7).trim() || undefined;
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
