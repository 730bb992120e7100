import type { ClusterLink } from './cluster-link.ts';
import type { UserVersions } from './user-versions.ts';

/** Slots in the version table: a collision only costs a spurious rebuild of a cached state. */
const VERSION_SLOTS = 1 << 20;

function slot(userId: string): number {
  // FNV-1a: fast, and good enough to spread user ids over the table.
  let h = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) {
    h ^= userId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & (VERSION_SLOTS - 1);
}

/**
 * User versions for the workers of one host: a worker's version of a user moves when another
 * worker stores events for them (its cached state is then rebuilt), and a bump resolves once
 * all the other workers have seen it. Several hosts need Redis instead (RECO_REDIS_URL).
 */
export function clusterVersions(link: ClusterLink): UserVersions {
  const versions = new Int32Array(VERSION_SLOTS);
  link.onInvalidate((users) => {
    for (const u of users) versions[slot(u)]++;
  });
  return {
    kind: 'cluster',
    get: async (userId) => String(versions[slot(userId)]),
    bump: (userIds) => link.invalidate(userIds),
    close: async () => {},
  };
}
