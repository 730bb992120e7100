import { conditionsOf, DURATION_BANDS, durationBand, type Situation } from '../data/context.ts';
import type { Timeline } from '../data/interactions.ts';
import type { Item } from '../data/types.ts';
import type { Vocab } from '../data/vocab.ts';
import type { CamfExample, CamfShape } from '../models/baselines/camf.ts';

/** CAMF's training examples with the indices that map users, conditions and item groups to rows. */
export interface CamfData {
  examples: CamfExample[];
  shape: CamfShape;
  userRow: Map<string, number>;
  conditionIndex: Map<string, number>;
}

/**
 * Examples from timelines: every watch a 1 and every unwatched impression a 0, each in the
 * conditions of its own situation; items grouped by duration band (the group deviations). Users
 * listed in `firstUsers` get rows 0, 1, … in that order (the evaluation's test rows).
 */
export function camfData(
  timelines: Iterable<Timeline>,
  items: Vocab,
  catalogue: readonly Item[],
  firstUsers: readonly string[] = [],
): CamfData {
  const userRow = new Map(firstUsers.map((u, i) => [u, i]));
  const conditionIndex = new Map<string, number>();
  const conds = (s: Situation) =>
    conditionsOf(s).map((c) => {
      if (!conditionIndex.has(c)) conditionIndex.set(c, conditionIndex.size);
      return conditionIndex.get(c)!;
    });
  const examples: CamfExample[] = [];
  for (const tl of timelines) {
    if (!userRow.has(tl.userId)) userRow.set(tl.userId, userRow.size);
    const user = userRow.get(tl.userId)!;
    for (const w of tl.watches) examples.push({ user, item: w.item, conditions: conds(w), target: 1 });
    for (const imp of tl.impressions)
      if (!imp.watched) examples.push({ user, item: imp.item, conditions: conds(imp), target: 0 });
  }
  const groups = new Int32Array(items.ids.length).fill(-1);
  for (const it of catalogue) {
    const i = items.index.get(it.itemId);
    if (i !== undefined) groups[i] = DURATION_BANDS.indexOf(durationBand(it.durationSec));
  }
  const shape = {
    numUsers: userRow.size,
    numItems: items.ids.length,
    numConditions: Math.max(1, conditionIndex.size),
    groups,
  };
  return { examples, shape, userRow, conditionIndex };
}

/** The known conditions of a situation as indices (a condition never seen in training has no deviation). */
export function camfConditions(data: Pick<CamfData, 'conditionIndex'>, s: Situation): number[] {
  return conditionsOf(s).flatMap((c) => {
    const i = data.conditionIndex.get(c);
    return i === undefined ? [] : [i];
  });
}
