import type { SeenParams } from '../../bundle/rules-config.ts';
import { DAY_MS } from '../../foundation/time.ts';
import { filterRule, type Rule } from './rule.ts';

/** Removes items the user already watched (or watched within `rewatchAfterDays`). */
export function removeWatched(p: SeenParams): Rule {
  return filterRule('seen', 'already watched', (item, { user, now }) => {
    const at = user.watchedAt.get(item);
    if (at === undefined) return true;
    return p.rewatchAfterDays > 0 && now - at > p.rewatchAfterDays * DAY_MS;
  });
}
