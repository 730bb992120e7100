import type { Access } from './auth.ts';

/**
 * How the keys auth.ts checks are described in the OpenAPI document. A key travels as
 * `x-api-key: <key>` or `authorization: Bearer <key>` (api-keys.ts), so each kind of key has
 * both schemes; client and admin keys get schemes of their own so that a reader (or a generated
 * client) sees which key an operation needs, not just that it needs one.
 */
export const SECURITY_SCHEMES = {
  clientKey: {
    type: 'apiKey',
    in: 'header',
    name: 'x-api-key',
    description:
      'A client key (RECO_API_KEYS / RECO_API_KEYS_FILE). Client routes need one only when client keys are configured.',
  },
  clientBearer: {
    type: 'http',
    scheme: 'bearer',
    description: 'A client key sent as `Authorization: Bearer <key>` instead of x-api-key.',
  },
  adminKey: {
    type: 'apiKey',
    in: 'header',
    name: 'x-api-key',
    description:
      'An admin key (RECO_ADMIN_KEYS / RECO_ADMIN_KEYS_FILE), valid on admin and client routes. Without admin keys, admin routes answer only local clients of a loopback-only server.',
  },
  adminBearer: {
    type: 'http',
    scheme: 'bearer',
    description: 'An admin key sent as `Authorization: Bearer <key>` instead of x-api-key.',
  },
} as const;

type Requirement = Partial<Record<keyof typeof SECURITY_SCHEMES, []>>;

/**
 * An operation's `security`, from the access its route declares (the same value the access
 * check reads), so the document cannot promise less protection than the server applies. Any
 * one requirement of the list suffices; admin keys are accepted on client routes as well.
 */
export function securityFor(access: Access): Requirement[] {
  const admin: Requirement[] = [{ adminKey: [] }, { adminBearer: [] }];
  if (access === 'open') return [];
  if (access === 'admin') return admin;
  return [{ clientKey: [] }, { clientBearer: [] }, ...admin];
}
