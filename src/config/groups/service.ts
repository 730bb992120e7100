import { ConfigError } from '../../errors.ts';
import { bool, int, num, oneOf, type Setting, str } from '../setting.ts';

/** The service's settings: where it listens, what it serves, where events are stored, its logs and backend, how much it ranks. */
export const SERVICE_SETTINGS = {
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
  workerIndex: {
    env: 'RECO_WORKER_INDEX',
    flag: null,
    default: -1,
    description:
      "Which worker of `--workers` this process is (0 trains); the primary sets it for each, not you. -1 = the cluster's own worker id",
    parse: int(0, 255),
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
  userIndexSize: {
    env: 'RECO_USER_INDEX_SIZE',
    flag: 'user-index-size',
    default: 20_000,
    description:
      'Users kept in the closest-users index (GET /users/:id/similar, the neighbours source); 0 turns both off',
    parse: int(0, 5_000_000),
  },
  minIndexRecall: {
    env: 'RECO_MIN_INDEX_RECALL',
    flag: 'min-index-recall',
    default: 0.98,
    description: 'Refuse a bundle whose measured HNSW recall@100 is below this',
    parse: num(0, 1),
  },
} satisfies Record<string, Setting<string | number | boolean>>;
