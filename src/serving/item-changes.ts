import type { Item } from '../data/types.ts';
import type { EventStore } from '../events/store.ts';
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
