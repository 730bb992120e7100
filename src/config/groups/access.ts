import { int, oneOf, type Setting } from '../setting.ts';

/** Who may call what: API and admin keys, failed-authentication and rate limits, metrics and docs access, CORS. */
export const ACCESS_SETTINGS = {
  apiKeys: {
    env: 'RECO_API_KEYS',
    flag: 'api-keys',
    default: '',
    description:
      'Client keys for recommendations, events and items (comma-separated, plain or `sha256:<hex>`); empty = no keys, so the server listens on loopback only',
    parse: (raw: string) => raw,
    secret: true,
  },
  adminKeys: {
    env: 'RECO_ADMIN_KEYS',
    flag: 'admin-keys',
    default: '',
    description:
      'Admin keys for `/admin/*` (reload, retrain); also valid on client routes. Empty = admin routes answer only local clients of a loopback-bound server',
    parse: (raw: string) => raw,
    secret: true,
  },
  apiKeysFile: {
    env: 'RECO_API_KEYS_FILE',
    flag: 'api-keys-file',
    default: '',
    description:
      'A file of more client keys (one per line or comma-separated, `#` comments), read again within 2 s of a change: keys rotate without a restart',
    parse: (raw: string) => raw,
  },
  adminKeysFile: {
    env: 'RECO_ADMIN_KEYS_FILE',
    flag: 'admin-keys-file',
    default: '',
    description: 'A file of more admin keys, read again within 2 s of a change',
    parse: (raw: string) => raw,
  },
  authFailureLimit: {
    env: 'RECO_AUTH_FAILURE_LIMIT',
    flag: 'auth-failure-limit',
    default: 20,
    description:
      'Failed authentications per client IP per minute before that IP gets 429 on every keyed route for the rest of the minute (0 = no limit)',
    parse: int(0, 1_000_000),
  },
  metricsAccess: {
    env: 'RECO_METRICS_ACCESS',
    flag: 'metrics-access',
    default: 'open',
    description:
      'Who may read GET /metrics: `open` (Prometheus without a secret) or `key` (a client or admin key)',
    parse: oneOf(['open', 'key']),
  },
  docsAccess: {
    env: 'RECO_DOCS_ACCESS',
    flag: 'docs-access',
    default: 'open',
    description: 'Who may read /docs and /openapi.yaml: `open`, `key` (a client or admin key) or `off` (404)',
    parse: oneOf(['open', 'key', 'off']),
  },
  rateLimitPerMinute: {
    env: 'RECO_RATE_LIMIT',
    flag: 'rate-limit',
    default: 0,
    description: 'Requests per minute per API key (per client IP without keys); 0 = unlimited',
    parse: int(0, 10_000_000),
  },
  corsOrigins: {
    env: 'RECO_CORS_ORIGINS',
    flag: 'cors-origins',
    default: '',
    description: 'Comma-separated origins allowed by CORS; empty = CORS off',
    parse: (raw: string) => raw,
  },
} satisfies Record<string, Setting<string | number | boolean>>;
