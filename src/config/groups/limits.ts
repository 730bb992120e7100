import { HOUR_MS } from '../../foundation/time.ts';
import { int, type Setting } from '../setting.ts';

/** HTTP limits: how long a client may take, how long idle sockets live, how large a body may be. */
export const LIMIT_SETTINGS = {
  requestTimeoutMs: {
    env: 'RECO_REQUEST_TIMEOUT_MS',
    flag: 'request-timeout',
    default: 30_000,
    description: 'Most time a client may take to send a whole request, headers and body (slower: 408)',
    parse: int(1000, HOUR_MS),
  },
  headersTimeoutMs: {
    env: 'RECO_HEADERS_TIMEOUT_MS',
    flag: 'headers-timeout',
    default: 10_000,
    description: 'Most time a client may take to send the request headers (slowloris; slower: 408)',
    parse: int(1000, HOUR_MS),
  },
  connectionTimeoutMs: {
    env: 'RECO_CONNECTION_TIMEOUT_MS',
    flag: 'connection-timeout',
    default: 60_000,
    description: 'A socket with no traffic for this long is closed',
    parse: int(1000, HOUR_MS),
  },
  keepAliveTimeoutMs: {
    env: 'RECO_KEEP_ALIVE_TIMEOUT_MS',
    flag: 'keep-alive-timeout',
    default: 5_000,
    description: 'How long an idle keep-alive connection waits for its next request',
    parse: int(100, HOUR_MS),
  },
  bodyLimitBytes: {
    env: 'RECO_BODY_LIMIT_BYTES',
    flag: 'body-limit',
    default: 5 * 1024 * 1024,
    description: 'Largest accepted request body (larger: 413)',
    parse: int(1024, 1024 ** 3),
  },
} satisfies Record<string, Setting<string | number | boolean>>;
