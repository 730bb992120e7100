import type { StoredEvent } from './types.ts';

/**
 * Events from files plus events the service stored, in time order (stable), each `eventId`
 * once: the loop "events in -> retrain" must not count an event twice when it is in both.
 */
export function mergeEvents<E extends StoredEvent>(base: Iterable<E>, extra: readonly E[]): E[] {
  const out = [...base];
  const ids = new Set(out.flatMap((e) => (e.eventId ? [e.eventId] : [])));
  for (const e of extra) {
    if (e.eventId) {
      if (ids.has(e.eventId)) continue;
      ids.add(e.eventId);
    }
    out.push(e);
  }
  return out
    .map((e, i) => [e, i] as const)
    .sort((a, b) => a[0].timestamp - b[0].timestamp || a[1] - b[1])
    .map(([e]) => e);
}
