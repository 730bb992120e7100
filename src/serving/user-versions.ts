import { StoreUnavailableError } from '../errors.ts';
import { connectRedis } from './redis.ts';

/**
 * Versions of per-user state shared between replicas. A replica caches a user's state with
 * the version it read *before* reading the store; a write bumps the version *after* the events
 * are durable. So a cached state is served only while no replica has stored a newer event for
 * that user, and a watch posted to one replica shows in the next request on any replica.
 */
export interface UserVersions {
  readonly kind: string;
  /** The user's current version ('' when nothing was ever bumped). */
  get(userId: string): Promise<string>;
  /** Bumps the versions of these users; resolves once every replica will see it. */
  bump(userIds: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** One replica: its own cache invalidation (Recommender.observe) is all it needs. */
export const LOCAL_VERSIONS: UserVersions = {
  kind: 'local',
  get: async () => '',
  bump: async () => {},
  close: async () => {},
};

const KEY_PREFIX = 'reco:user-version:';
/** Versions of idle users expire: a missing key reads as '' and any cached state rebuilds once. */
const TTL_SECONDS = 7 * 86_400;

/** User versions in Redis (`INCR`, one round trip per request and per posted batch). */
export async function connectRedisVersions(url: string): Promise<UserVersions> {
  const redis = await connectRedis(url);
  const wrap = async <T>(what: string, f: () => Promise<T>): Promise<T> => {
    try {
      return await f();
    } catch (err) {
      throw new StoreUnavailableError(`Redis unavailable while ${what}: ${(err as Error).message}`);
    }
  };
  return {
    kind: 'redis',
    get: (userId) => wrap('reading a user version', async () => (await redis.get(KEY_PREFIX + userId)) ?? ''),
    bump: (userIds) =>
      wrap('publishing user versions', async () => {
        const p = redis.multi();
        for (const u of new Set(userIds)) p.incr(KEY_PREFIX + u).expire(KEY_PREFIX + u, TTL_SECONDS);
        const res = await p.exec();
        const failed = res?.find(([err]) => err);
        if (!res || failed) throw failed?.[0] ?? new Error('transaction aborted');
      }),
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
