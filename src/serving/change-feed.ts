import { randomUUID } from 'node:crypto';
import { connectRedis } from './redis.ts';

/**
 * A nudge between replicas (hosts, each with its own copy of the bundle) that the shared store's
 * catalogue or erasures changed: an item hidden, retired or edited, a user erased. Only the
 * nudge travels; the receiver reads the change from the store, which holds it durably before
 * the nudge is sent. So a nudge lost (Redis restarting, a replica reconnecting) costs only the
 * wait for the next poll (RECO_RELOAD_INTERVAL_MS), never a wrong answer for longer.
 */
export interface ChangeFeed {
  readonly kind: string;
  /** Tells the other replicas that the store changed; never rejects (the poll is the fallback). */
  announce(): Promise<void>;
  /** Called when another replica announced a change. */
  onChange(listener: () => void): void;
  close(): Promise<void>;
}

/** One replica (or a `--workers` host without Redis, whose workers share changes through the primary). */
export const NO_FEED: ChangeFeed = {
  kind: 'none',
  announce: async () => {},
  onChange: () => {},
  close: async () => {},
};

export const CHANGE_CHANNEL = 'reco:changes';

/**
 * The feed over Redis pub/sub: one connection publishes, one subscribes (a subscribed
 * connection can do nothing else). A replica hears its own announcements too and skips them by
 * its random id.
 */
export async function connectRedisFeed(url: string, channel = CHANGE_CHANNEL): Promise<ChangeFeed> {
  const pub = await connectRedis(url, { enableOfflineQueue: true });
  const sub = await connectRedis(url, { enableOfflineQueue: true }).catch((err) => {
    pub.disconnect();
    throw err;
  });
  const self = randomUUID();
  const listeners: (() => void)[] = [];
  sub.on('message', (ch: string, from: string) => {
    if (ch !== channel || from === self) return;
    for (const f of listeners) f();
  });
  await sub.subscribe(channel);
  return {
    kind: 'redis',
    announce: async () => {
      await pub.publish(channel, self).catch(() => {});
    },
    onChange: (f) => {
      listeners.push(f);
    },
    close: async () => {
      await Promise.all([pub, sub].map((r) => r.quit().catch(() => r.disconnect())));
    },
  };
}
