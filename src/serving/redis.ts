import { Redis } from 'ioredis';
import { StoreUnavailableError } from '../errors.ts';
import { redactLocation } from '../events/open.ts';

/**
 * A connected Redis client, or a StoreUnavailableError naming the server without its password.
 * By default commands fail fast while disconnected instead of queueing behind a dead server.
 */
export async function connectRedis(url: string, opts: { enableOfflineQueue?: boolean } = {}): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 2,
    connectTimeout: 5000,
    enableOfflineQueue: opts.enableOfflineQueue ?? false,
  });
  // Connection errors surface on the commands that fail; the client reconnects by itself.
  redis.on('error', () => {});
  try {
    await redis.connect();
    return redis;
  } catch (err) {
    redis.disconnect();
    throw new StoreUnavailableError(`Redis at ${redactLocation(url)} unreachable: ${(err as Error).message}`);
  }
}
