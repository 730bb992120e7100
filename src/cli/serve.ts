import { parseArgs } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { type Config, resolveConfig, settingFlags } from '../config/settings.ts';
import { startServer, superviseWorkers } from '../http/server.ts';

export const SERVE_FLAGS = [
  'port',
  'host',
  'workers',
  'modelDir',
  'dbPath',
  'databaseUrl',
  'redisUrl',
  'logLevel',
  'tfBackend',
  'candidates',
  'userIndexSize',
  'minIndexRecall',
  'reloadIntervalMs',
  'retrainIntervalMs',
  'retrainMinEvents',
  'bootstrapMinEvents',
  'retrainMaxShrink',
  'keepBundles',
  'retrainDataDir',
  'eventRetentionDays',
  'impressionRetentionDays',
  'apiKeys',
  'adminKeys',
  'apiKeysFile',
  'adminKeysFile',
  'insecureOpen',
  'authFailureLimit',
  'metricsAccess',
  'docsAccess',
  'rateLimitPerMinute',
  'corsOrigins',
  'bodyLimitBytes',
  'requestTimeoutMs',
  'headersTimeoutMs',
  'connectionTimeoutMs',
  'keepAliveTimeoutMs',
  'pageTtlMs',
  'pageCacheEntries',
  'pageCacheBytes',
  'batchUserBudgetMs',
  'placements',
] as const;

export const SERVE_USAGE = `reco serve [--model DIR] [--port N] [--host ADDR] [--db FILE] [--log-level LEVEL] ...

Loads the model bundle (DIR/current, or DIR itself), opens the event store and serves the API.`;

/**
 * Starts the service (src/http/server.ts builds it) and stops it gracefully on SIGTERM/SIGINT:
 * in-flight requests finish, the store is closed, tensors freed.
 */
export async function serve(cfg: Config): Promise<FastifyInstance> {
  const app = await startServer(cfg);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  return app;
}

/** `reco serve`: flags, settings, then the primary of a `--workers` cluster or one server. */
export async function runServe(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: settingFlags(SERVE_FLAGS), strict: true });
  const cfg = resolveConfig(values);
  if (await superviseWorkers(cfg)) process.exit(0);
  await serve(cfg);
}
