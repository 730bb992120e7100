import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../errors.ts';

/**
 * Every runtime setting in one table: its environment variable, its flag, its default and its
 * meaning. The CLI, `reco config` and the README's configuration table all read this list.
 */
export interface Setting<T> {
  env: string;
  flag: string;
  default: T;
  description: string;
  parse: (raw: string, name: string) => T;
  secret?: boolean;
}

const int =
  (min: number, max: number) =>
  (raw: string, name: string): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new ConfigError(`${name}: expected an integer in [${min}, ${max}], got "${raw}"`);
    }
    return n;
  };

const num =
  (min: number, max: number) =>
  (raw: string, name: string): number => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) {
      throw new ConfigError(`${name}: expected a number in [${min}, ${max}], got "${raw}"`);
    }
    return n;
  };

const str = (raw: string, name: string): string => {
  if (raw.trim() === '') throw new ConfigError(`${name}: expected a non-empty value`);
  return raw;
};

const bool = (raw: string, name: string): boolean => {
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
  throw new ConfigError(`${name}: expected true or false, got "${raw}"`);
};

const oneOf =
  (values: readonly string[]) =>
  (raw: string, name: string): string => {
    if (!values.includes(raw))
      throw new ConfigError(`${name}: expected one of ${values.join(', ')}, got "${raw}"`);
    return raw;
  };

export const SETTINGS = {
  port: { env: 'RECO_PORT', flag: 'port', default: 3000, description: 'HTTP port', parse: int(0, 65535) },
  host: {
    env: 'RECO_HOST',
    flag: 'host',
    default: '',
    description:
      'Listen address; empty = 127.0.0.1 without API keys, 0.0.0.0 with them. Another address than loopback needs `RECO_API_KEYS` (or `--insecure-open`)',
    parse: (raw: string) => raw.trim(),
  },
  insecureOpen: {
    env: 'RECO_INSECURE_OPEN',
    flag: 'insecure-open',
    default: false,
    description:
      'Serve a non-loopback address without API keys (a trusted network only; warns at every start). Admin routes stay off without `RECO_ADMIN_KEYS`',
    parse: bool,
  },
  modelDir: {
    env: 'RECO_MODEL_DIR',
    flag: 'model',
    default: 'models',
    description: 'Models directory (serves `<dir>/current`) or one bundle directory',
    parse: str,
  },
  workers: {
    env: 'RECO_WORKERS',
    flag: 'workers',
    default: 1,
    description:
      'Server processes on this host, one core each (`auto` = one per core); they share the event store and keep each other current',
    parse: (raw: string, name: string): number => (raw === 'auto' ? 0 : int(1, 256)(raw, name)),
  },
  dbPath: {
    env: 'RECO_DB_PATH',
    flag: 'db',
    default: 'data/events.sqlite',
    description: 'SQLite file where posted events are stored (WAL, synchronous writes)',
    parse: str,
  },
  databaseUrl: {
    env: 'RECO_DATABASE_URL',
    flag: 'database-url',
    default: '',
    description:
      'PostgreSQL URL (`postgres://user:pass@host/db`) for the event store, shared by replicas; empty = the SQLite file',
    parse: (raw: string, name: string) => {
      if (raw !== '' && !/^postgres(ql)?:\/\//.test(raw))
        throw new ConfigError(
          `${name}: expected a postgres:// or postgresql:// URL, got "${raw.slice(0, 40)}"`,
        );
      return raw;
    },
    secret: true,
  },
  redisUrl: {
    env: 'RECO_REDIS_URL',
    flag: 'redis-url',
    default: '',
    description:
      'Redis URL (`redis://host:6379`) carrying per-user state versions between replicas; empty = one replica',
    parse: (raw: string, name: string) => {
      if (raw !== '' && !/^rediss?:\/\//.test(raw))
        throw new ConfigError(`${name}: expected a redis:// or rediss:// URL, got "${raw.slice(0, 40)}"`);
      return raw;
    },
    secret: true,
  },
  dataDir: {
    env: 'RECO_DATA_DIR',
    flag: 'data',
    default: 'data/demo',
    description: 'Training data directory (items.jsonl, users.jsonl, events.jsonl)',
    parse: str,
  },
  logLevel: {
    env: 'RECO_LOG_LEVEL',
    flag: 'log-level',
    default: 'info',
    description: 'pino log level',
    parse: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  },
  tfBackend: {
    env: 'RECO_TF_BACKEND',
    flag: 'tf-backend',
    default: '',
    description:
      'Force a TensorFlow.js backend: tensorflow-gpu, tensorflow, wasm or cpu (empty = best available)',
    parse: oneOf(['', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']),
  },
  candidates: {
    env: 'RECO_CANDIDATES',
    flag: 'candidates',
    default: 200,
    description:
      'Most candidates ranked per request (a page of k ranks max(50, 5k) of them, plus what the user already watched)',
    parse: int(1, 5000),
  },
  minIndexRecall: {
    env: 'RECO_MIN_INDEX_RECALL',
    flag: 'min-index-recall',
    default: 0.98,
    description: 'Refuse a bundle whose measured HNSW recall@100 is below this',
    parse: num(0, 1),
  },
  reloadIntervalMs: {
    env: 'RECO_RELOAD_INTERVAL_MS',
    flag: 'reload-interval',
    default: 10_000,
    description:
      'How often the server checks `<model>/current` for a new bundle (0 = only POST /admin/reload)',
    parse: int(0, 86_400_000),
  },
  retrainIntervalMs: {
    env: 'RECO_RETRAIN_INTERVAL_MS',
    flag: 'retrain-interval',
    default: 0,
    description: 'Retrain from the stored events this often, in a child process, then hot-reload (0 = off)',
    parse: int(0, 30 * 86_400_000),
  },
  retrainMinEvents: {
    env: 'RECO_RETRAIN_MIN_EVENTS',
    flag: 'retrain-min-events',
    default: 1,
    description: 'Retrain only when at least this many events arrived since the last training',
    parse: int(1, 1_000_000_000),
  },
  bootstrapMinEvents: {
    env: 'RECO_BOOTSTRAP_MIN_EVENTS',
    flag: 'bootstrap-min-events',
    default: 100,
    description:
      'With no model at all, train from the stored events once this many are stored and none arrived for 5 s (0 = never)',
    parse: int(0, 1_000_000_000),
  },
  retrainMaxShrink: {
    env: 'RECO_RETRAIN_MAX_SHRINK',
    flag: 'retrain-max-shrink',
    default: 0.5,
    description:
      'A trained bundle is not served when its catalogue or user count is more than this share smaller than the served one, or its NDCG@10 on the same validation users is lower beyond noise (`reco train --allow-shrink` overrides)',
    parse: num(0, 1),
  },
  keepBundles: {
    env: 'RECO_KEEP_BUNDLES',
    flag: 'keep-bundles',
    default: 3,
    description:
      'Old bundles kept besides `current` after each training (newest first; a bundle a server still serves is never deleted)',
    parse: int(0, 1_000_000),
  },
  retrainDataDir: {
    env: 'RECO_RETRAIN_DATA_DIR',
    flag: 'retrain-data',
    default: '',
    description: 'Data directory retraining adds to the stored events (empty = the store alone)',
    parse: (raw: string) => raw,
  },
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
  requestTimeoutMs: {
    env: 'RECO_REQUEST_TIMEOUT_MS',
    flag: 'request-timeout',
    default: 30_000,
    description: 'Most time a client may take to send a whole request, headers and body (slower: 408)',
    parse: int(1000, 3_600_000),
  },
  headersTimeoutMs: {
    env: 'RECO_HEADERS_TIMEOUT_MS',
    flag: 'headers-timeout',
    default: 10_000,
    description: 'Most time a client may take to send the request headers (slowloris; slower: 408)',
    parse: int(1000, 3_600_000),
  },
  connectionTimeoutMs: {
    env: 'RECO_CONNECTION_TIMEOUT_MS',
    flag: 'connection-timeout',
    default: 60_000,
    description: 'A socket with no traffic for this long is closed',
    parse: int(1000, 3_600_000),
  },
  keepAliveTimeoutMs: {
    env: 'RECO_KEEP_ALIVE_TIMEOUT_MS',
    flag: 'keep-alive-timeout',
    default: 5_000,
    description: 'How long an idle keep-alive connection waits for its next request',
    parse: int(100, 3_600_000),
  },
  bodyLimitBytes: {
    env: 'RECO_BODY_LIMIT_BYTES',
    flag: 'body-limit',
    default: 5 * 1024 * 1024,
    description: 'Largest accepted request body (larger: 413)',
    parse: int(1024, 1024 ** 3),
  },
} satisfies Record<string, Setting<string | number | boolean>>;

export type SettingKey = keyof typeof SETTINGS;
export type Config = { [K in SettingKey]: (typeof SETTINGS)[K]['default'] };

/** The configuration file: `--config FILE` or RECO_CONFIG_FILE (YAML or JSON). */
export const CONFIG_FILE_FLAG = 'config';
export const CONFIG_FILE_ENV = 'RECO_CONFIG_FILE';

/** Where a setting's effective value came from. */
export type SettingSource = 'default' | 'file' | 'env' | 'flag';

/**
 * Reads a configuration file: a YAML (or JSON) mapping from setting names (`port`, or the
 * variable name `RECO_PORT`) to values. Unknown names and bad values are ConfigErrors naming the
 * file and the key, so a typo stops startup instead of being ignored.
 */
function readConfigFile(path: string): Map<SettingKey, string> {
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ConfigError(`${path}: cannot read the configuration file: ${(e as Error).message}`);
  }
  if (doc === null || doc === undefined) return new Map();
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw new ConfigError(`${path}: expected a mapping of setting names to values`);
  const byEnv = new Map(Object.entries(SETTINGS).map(([k, s]) => [s.env, k as SettingKey]));
  const out = new Map<SettingKey, string>();
  for (const [name, value] of Object.entries(doc as Record<string, unknown>)) {
    const key = (name in SETTINGS ? name : byEnv.get(name)) as SettingKey | undefined;
    if (!key) {
      throw new ConfigError(
        `${path}: unknown setting "${name}" (known: ${Object.keys(SETTINGS).join(', ')})`,
      );
    }
    if (value === null || typeof value === 'object')
      throw new ConfigError(`${path}: ${name}: expected a number, string or boolean`);
    out.set(key, String(value));
  }
  return out;
}

/**
 * Effective configuration: defaults, overridden by the configuration file, by `RECO_*`
 * environment variables, then by flags. A bad value throws a ConfigError naming the file key,
 * variable or flag.
 */
export function resolveConfigWithSources(
  flags: Record<string, string | boolean | undefined> = {},
  env: NodeJS.ProcessEnv = process.env,
): { config: Config; sources: Record<SettingKey, SettingSource>; file?: string } {
  const flagFile = flags[CONFIG_FILE_FLAG];
  const file = typeof flagFile === 'string' ? flagFile : env[CONFIG_FILE_ENV] || undefined;
  const fromFile = file ? readConfigFile(file) : new Map<SettingKey, string>();
  const out: Record<string, unknown> = {};
  const sources = {} as Record<SettingKey, SettingSource>;
  for (const [key, s] of Object.entries(SETTINGS) as [SettingKey, Setting<string | number | boolean>][]) {
    let value: unknown = s.default;
    let source: SettingSource = 'default';
    const inFile = fromFile.get(key);
    if (inFile !== undefined) {
      value = s.parse(inFile, `${file}: ${key}`);
      source = 'file';
    }
    const fromEnv = env[s.env];
    if (fromEnv !== undefined) {
      value = s.parse(fromEnv, s.env);
      source = 'env';
    }
    const fromFlag = flags[s.flag];
    if (typeof fromFlag === 'string' || typeof fromFlag === 'boolean') {
      value = s.parse(String(fromFlag), `--${s.flag}`);
      source = 'flag';
    }
    out[key] = value;
    sources[key] = source;
  }
  return { config: out as Config, sources, file };
}

export function resolveConfig(
  flags: Record<string, string | boolean | undefined> = {},
  env: NodeJS.ProcessEnv = process.env,
): Config {
  return resolveConfigWithSources(flags, env).config;
}

/**
 * parseArgs option declarations for a subset of settings, plus `--config FILE`. A boolean
 * setting is a bare switch (`--insecure-open`), every other one takes a value.
 */
export function settingFlags(keys: readonly SettingKey[]): Record<string, { type: 'string' | 'boolean' }> {
  return {
    [CONFIG_FILE_FLAG]: { type: 'string' as const },
    ...Object.fromEntries(
      keys.map((k) => [
        SETTINGS[k].flag,
        { type: typeof SETTINGS[k].default === 'boolean' ? ('boolean' as const) : ('string' as const) },
      ]),
    ),
  };
}
