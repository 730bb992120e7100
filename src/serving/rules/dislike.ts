import type { Rule } from './rule.ts';

/** Removes items the user disliked: a disliked item never comes back. */
export const removeDisliked: Rule = (list, { user }) => list.filter((c) => !user.disliked.has(c.item));
