import { filterRule, type Rule } from './rule.ts';

/**
 * Removes items hidden or retired since training (PATCH/DELETE /items/:itemId): the catalogue's
 * decision, which no score, pin or override brings back; unhiding clears the flag and the item
 * returns at once. First in every chain, before any rule that could look at it.
 */
export const removeHidden: Rule = filterRule(
  'hidden',
  'hidden or retired from the catalogue',
  (item, { items }) => items.hidden?.[item] !== 1,
);
