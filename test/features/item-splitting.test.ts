import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Timeline } from '../../src/data/interactions.ts';
import {
  chooseSplits,
  type SplitObservation,
  splitObservations,
  splitTimeline,
  virtualItem,
} from '../../src/features/item-splitting.ts';

const evening = Date.UTC(2026, 4, 3, 20);
const morning = Date.UTC(2026, 4, 3, 8);

/**
 * A world where the right answer is known: item 3 is watched on TV 80 % of the times it is
 * shown and on mobile 20 %; items 1, 2 and 4 half the time everywhere, in either daypart.
 */
function planted(): SplitObservation[] {
  const out: SplitObservation[] = [];
  for (let k = 0; k < 40; k++) {
    const part = k % 4 < 2 ? 'daypart=evening' : 'daypart=morning';
    for (const device of ['device=tv', 'device=mobile']) {
      const conditions = [device, part];
      for (const item of [1, 2, 4]) out.push({ item, conditions, value: k % 2 });
      const rate = device === 'device=tv' ? 0.8 : 0.2;
      out.push({ item: 3, conditions, value: (k * 7) % 10 < rate * 10 ? 1 : 0 });
    }
  }
  return out;
}

test('item splitting splits exactly the planted item, on the planted condition', () => {
  const s = chooseSplits(planted(), 5);
  assert.deepEqual([...s.splits.keys()], [3]);
  const split = s.splits.get(3)!;
  assert.ok(['device=tv', 'device=mobile'].includes(split.condition), split.condition);
  assert.ok(split.p < 0.001 && Math.abs(split.t) > 5, `t ${split.t}, p ${split.p}`);
  assert.equal(split.virtual, 5);
  assert.equal(s.numItems, 6);
  const inCond = [split.condition, 'daypart=evening'];
  const other = [split.condition === 'device=tv' ? 'device=mobile' : 'device=tv', 'daypart=evening'];
  assert.equal(virtualItem(s, 3, inCond), 5);
  assert.equal(virtualItem(s, 3, other), 3);
  assert.equal(virtualItem(s, 1, inCond), 1, 'an unsplit item is itself everywhere');
});

test('too few observations on one side, or no significant difference: no split', () => {
  const few = planted().filter((o) => o.item !== 3 || o.conditions[0] === 'device=tv' || o.value === 0);
  assert.equal(chooseSplits(few.slice(0, 30), 5).splits.size, 0);
  assert.equal(chooseSplits(planted(), 5, { alpha: 1e-12, minCount: 10 }).splits.size, 0);
  assert.equal(chooseSplits(planted(), 5, { alpha: 0.05, minCount: 500 }).splits.size, 0);
});

const tl: Timeline = {
  userId: 'u',
  watches: [
    { item: 1, time: evening, device: 'tv', watchTimeSec: 30 },
    { item: 2, time: morning, device: 'mobile', watchTimeSec: 300 },
  ],
  impressions: [
    { item: 1, time: evening, device: 'tv', watched: true },
    { item: 2, time: morning, device: 'mobile', watched: false },
  ],
  disliked: new Set(),
};

test('observations: watch rates of impressions, else watch shares of watches', () => {
  assert.deepEqual(
    splitObservations([tl], () => 60),
    [
      { item: 1, conditions: ['device=tv', 'daypart=evening'], value: 1 },
      { item: 2, conditions: ['device=mobile', 'daypart=morning'], value: 0 },
    ],
  );
  const noImpressions = { ...tl, impressions: [] };
  assert.deepEqual(
    splitObservations([noImpressions], () => 60).map((o) => o.value),
    [0.5, 1],
  );
});

test('a split timeline refers to the virtual item of each event’s own situation', () => {
  const s = {
    splits: new Map([[1, { item: 1, condition: 'device=tv', virtual: 9, t: 3, df: 10, p: 0.01 }]]),
    numItems: 10,
  };
  const out = splitTimeline(s, tl);
  assert.deepEqual(
    out.watches.map((w) => w.item),
    [9, 2],
  );
  assert.deepEqual(
    out.impressions.map((i) => i.item),
    [9, 2],
  );
  assert.equal(tl.watches[0].item, 1, 'the input is not modified');
});
