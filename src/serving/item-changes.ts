import type { Item } from '../data/types.ts';
import type { EventStore } from '../events/store.ts';
import type { ChangeFeed } from './change-feed.ts';
import type { ClusterLink } from './cluster-link.ts';
import type { DataEngine } from './user-data.ts';

type Link = Pick<ClusterLink, 'broadcastItems' | 'onItems'>;

/**
 * In a `--workers` cluster, item flags and content changes made on one worker reach the other
 * workers of the host at once (through the primary), not at their next poll: each worker serves
 * its own copy of the bundle, and a hidden item must leave every list the host answers. What is
 * pushed is only a nudge (and the changed item): the flags are read again from the store, which
 * holds them durably before the nudge is sent, so a nudge lost or reordered costs nothing but
 * a wait for the next poll (RECO_RELOAD_INTERVAL_MS, syncItems).
 */
export function shareItemChanges(
  engine: DataEngine,
  store: Pick<EventStore, 'itemFlags'>,
  link: Link,
): DataEngine {
  link.onItems((item) => {
    store.itemFlags().then(
      (flags) => {
        engine.flagItems(flags);
        if (item) engine.updateItem(item);
      },
      // The store is unreachable for now: the next poll reads the flags again.
      () => {},
    );
  });
  return {
    forgetUser: (userId) => engine.forgetUser(userId),
    describeUser: (userId) => engine.describeUser(userId),
    servedItem: (itemId) => engine.servedItem(itemId),
    flagItems(flags) {
      engine.flagItems(flags);
      link.broadcastItems();
    },
    updateItem(item: Item) {
      const reembedded = engine.updateItem(item);
      link.broadcastItems(item);
      return reembedded;
    },
  };
}

/**
 * Across hosts (replicas over one PostgreSQL, with Redis): after a change to the catalogue's
 * flags, an item's content or a user's erasure is durable and served here, the other replicas
 * are nudged through `feed` and run `sync` (Recommender.syncItems: items, flags and erasures
 * read again from the store) at once, rather than at their next poll. Nudges that arrive while
 * a sync runs are folded into one more sync after it, so a burst of edits costs two reads.
 */
export function announceChanges(
  data: DataEngine,
  feed: Pick<ChangeFeed, 'announce' | 'onChange'>,
  sync: () => Promise<unknown>,
): DataEngine {
  let running = false;
  let again = false;
  const run = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    sync()
      .catch(() => {}) // the store is unreachable for now: the next poll syncs
      .finally(() => {
        running = false;
        if (again) {
          again = false;
          run();
        }
      });
  };
  feed.onChange(run);
  return {
    async forgetUser(userId) {
      await data.forgetUser(userId);
      await feed.announce();
    },
    describeUser: (userId) => data.describeUser(userId),
    servedItem: (itemId) => data.servedItem(itemId),
    flagItems(flags) {
      data.flagItems(flags);
      void feed.announce();
    },
    updateItem(item: Item) {
      const reembedded = data.updateItem(item);
      void feed.announce();
      return reembedded;
    },
  };
}
