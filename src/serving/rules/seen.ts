import type { Rule } from './rule.ts';

/** Removes items the user has already watched. */
export const removeWatched: Rule = (list, { user }) => list.filter((c) => !user.watchedSet.has(c.item));
