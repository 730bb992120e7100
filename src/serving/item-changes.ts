import type { Item } from '../data/types.ts';
import type { ChangeFeed } from './change-feed.ts';
import type { ClusterLink } from './cluster-link.ts';
import type { DataEngine } from './user-data.ts';

/** What announceChanges needs of a feed. */
export type Nudges = Pick<ChangeFeed, 'announce' | 'onChange'>;

/**
 * The workers of one `--workers` host as a feed: the primary relays a nudge to the others (an
 * `items` cluster message). Each worker serves its own copy of the bundle, so a hidden item must
 * reach all of them, not only the one that answered the PATCH.
 */
export function linkFeed(link: Pick<ClusterLink, 'broadcastItems' | 'onItems'>): Nudges {
  return {
    announce: async () => link.broadcastItems(),
    onChange: (f) => link.onItems(f),
  };
}

/**
 * After a change to the catalogue's flags, an item's content or a user's erasure is durable and
 * served here, the other processes (this host's workers through `linkFeed`, other hosts through
 * Redis, change-feed.ts) are nudged and run `sync` (Recommender.syncItems: the items stored or
 * changed since its last read, the flags and the erasures, read again from the store) at once
 * rather than at their next poll. Only the nudge travels: the store holds the change before it
 * is sent, so a nudge lost or reordered costs nothing but the wait for the next poll
 * (RECO_RELOAD_INTERVAL_MS). Nudges that arrive while a sync runs fold into one more sync after
 * it, so a burst of edits costs two reads.
 */
export function announceChanges(data: DataEngine, feed: Nudges, sync: () => Promise<unknown>): DataEngine {
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
