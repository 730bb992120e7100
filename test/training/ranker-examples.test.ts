import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Timeline } from '../../src/data/interactions.ts';
import { createFeatureSpec } from '../../src/features/spec.ts';
import { initTf } from '../../src/runtime/tf.ts';
import { DEFAULT_RANKER_CONFIG, type RankerTrainConfig } from '../../src/training/ranker-config.ts';
import {
  allocateRankerExamples,
  defaultWatchTime,
  range,
  rawExamples,
  subset,
} from '../../src/training/ranker-examples.ts';
import type { RawExample } from '../../src/training/raw-example.ts';
import { fixedScorer } from '../helpers/training-scorer.ts';

before(async () => {
  await initTf('wasm');
});

/** Three rows of width 2 whose every field tells the row apart. */
function three() {
  const ex = allocateRankerExamples(3, 2);
  for (let r = 0; r < 3; r++) {
    ex.features.set([10 * r, 10 * r + 1], 2 * r);
    ex.labels[r] = r % 2;
    ex.weights[r] = r + 1;
    ex.watchTime[r] = 100 * r;
    ex.time[r] = 1e12 + r;
    ex.user[r] = 7 + r;
    ex.item[r] = 20 + r;
  }
  return ex;
}

test('allocate: zeroed arrays of the size asked, features size × width', () => {
  const ex = allocateRankerExamples(4, 3);
  assert.equal(ex.size, 4);
  assert.equal(ex.features.length, 12);
  for (const a of [ex.labels, ex.weights, ex.watchTime, ex.time, ex.user, ex.item]) {
    assert.equal(a.length, 4);
    assert.ok(a.every((x) => x === 0));
  }
  assert.ok(ex.time instanceof Float64Array, 'epoch ms need float64');
});

test('subset copies the rows asked, in that order, each field and the feature slice', () => {
  const ex = three();
  const s = subset(ex, [2, 0], 2);
  assert.equal(s.size, 2);
  assert.deepEqual([...s.features], [20, 21, 0, 1]);
  assert.deepEqual([...s.labels], [0, 0]);
  assert.deepEqual([...s.weights], [3, 1]);
  assert.deepEqual([...s.watchTime], [200, 0]);
  assert.deepEqual([...s.time], [1e12 + 2, 1e12]);
  assert.deepEqual([...s.user], [9, 7]);
  assert.deepEqual([...s.item], [22, 20]);
  s.features[0] = -1;
  assert.equal(ex.features[4], 20, 'a copy, not a view');
});

test('range is the rows from .. to, end excluded; an empty range is empty', () => {
  const ex = three();
  assert.deepEqual([...range(ex, 1, 3, 2).item], [21, 22]);
  assert.equal(range(ex, 2, 2, 2).size, 0);
});

const raw = (watched: boolean, watchTimeSec?: number): RawExample => ({
  user: 'u',
  item: 1,
  time: 0,
  before: 0,
  watched,
  watchTimeSec,
});

test('the default watch time is the median of the known watch times of watches', () => {
  assert.equal(defaultWatchTime([raw(true, 30), raw(true, 10), raw(true, 20)]), 20);
  assert.equal(defaultWatchTime([raw(true, 10), raw(true, 40)]), 40, 'even count: the upper median');
  assert.equal(
    defaultWatchTime([raw(true, 5), raw(false, 900), raw(true), raw(true, 7), raw(true, 6)]),
    6,
    'skips and unknown watch times do not count',
  );
  assert.equal(defaultWatchTime([raw(true), raw(false, 3)]), 1, 'nothing known: 1');
  assert.equal(defaultWatchTime([]), 1);
});

// Items i1..i8 (indices 1..8); retrieval prefers higher indices.
const item = (itemId: string) => ({ itemId, topic: 't', tags: [], durationSec: 60, publishedAt: 0 });
const spec = createFeatureSpec(
  Array.from({ length: 8 }, (_, i) => item(`i${i + 1}`)),
  [],
  4,
);
const scorer = fixedScorer(Array.from({ length: 9 }, (_, i) => i));
const timelines = new Map<string, Timeline>([
  [
    'shown',
    {
      userId: 'shown',
      watches: [
        { item: 1, time: 1000, watchTimeSec: 50 },
        { item: 2, time: 3000, watchTimeSec: 70 },
      ],
      impressions: [
        { item: 3, time: 500, watched: false },
        { item: 1, time: 999, watched: true, watchTimeSec: 50 },
        { item: 2, time: 3000, watched: true, watchTimeSec: 70 },
      ],
      disliked: new Set(),
    },
  ],
  [
    'plain',
    {
      userId: 'plain',
      watches: [
        { item: 4, time: 2000 },
        { item: 5, time: 4000 },
      ],
      impressions: [],
      disliked: new Set(),
    },
  ],
  ['idle', { userId: 'idle', watches: [], impressions: [], disliked: new Set() }],
]);
const config = (o: Partial<RankerTrainConfig> = {}): RankerTrainConfig => ({
  ...DEFAULT_RANKER_CONFIG,
  negativesPerWatch: 2,
  ...o,
});

test('impressions keep their outcome and count the watches strictly before them', () => {
  const out = rawExamples(
    spec,
    scorer,
    timelines,
    new Map(),
    config({ retrievalNegatives: 'without-impressions' }),
  );
  const shown = out.filter((r) => r.user === 'shown');
  assert.deepEqual(
    shown.map((r) => [r.item, r.time, r.watched, r.before]),
    [
      [3, 500, false, 0],
      [1, 999, true, 0],
      [2, 3000, true, 1],
    ],
    'only the impressions: this user has some, and negatives are for those without',
  );
});

test('without impressions: each watch, then its retrieval negatives at the same moment', () => {
  const out = rawExamples(
    spec,
    scorer,
    timelines,
    new Map(),
    config({ retrievalNegatives: 'without-impressions' }),
  );
  const plain = out.filter((r) => r.user === 'plain');
  assert.equal(plain.length, 2 * (1 + 2));
  for (const [k, w] of [
    [0, 4],
    [1, 5],
  ]) {
    const at = plain.filter((r) => r.before === k);
    assert.deepEqual(
      at.map((r) => r.watched),
      [true, false, false],
    );
    assert.equal(at[0].item, w);
    for (const neg of at.slice(1)) {
      assert.ok(![0, 4, 5].includes(neg.item), 'never a watched item or the OOV row');
      assert.equal(neg.time, at[0].time);
      assert.equal(neg.watchTimeSec, undefined);
    }
  }
  assert.ok(!out.some((r) => r.user === 'idle'));
});

test('retrievalNegatives always: users with impressions get watch negatives as well', () => {
  const out = rawExamples(spec, scorer, timelines, new Map(), config());
  const shown = out.filter((r) => r.user === 'shown');
  assert.equal(shown.length, 3 + 2 * (1 + 2), 'impressions, watches and their negatives');
  assert.equal(shown.filter((r) => !r.watched).length, 1 + 2 * 2);
});

test('examples come in time order, and a cap keeps a time-ordered sample of the full list', () => {
  const all = rawExamples(spec, scorer, timelines, new Map(), config());
  for (let i = 1; i < all.length; i++) assert.ok(all[i - 1].time <= all[i].time);
  const capped = rawExamples(spec, scorer, timelines, new Map(), config({ maxExamples: 5 }));
  assert.equal(capped.length, 5);
  for (let i = 1; i < capped.length; i++) assert.ok(capped[i - 1].time <= capped[i].time);
  const key = (r: RawExample) => JSON.stringify(r);
  const full = new Set(all.map(key));
  assert.ok(
    capped.every((r) => full.has(key(r))),
    'a subset, nothing made up',
  );
  assert.deepEqual(
    rawExamples(spec, scorer, timelines, new Map(), config({ maxExamples: 5 })),
    capped,
    'the sample is the seed’s',
  );
});
