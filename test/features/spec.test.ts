import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Item, User } from '../../src/data/types.ts';
import { lookup } from '../../src/data/vocab.ts';
import {
  ageBucket,
  createFeatureSpec,
  queryDenseWidth,
  specFromJson,
  specToJson,
  writeQueryDense,
} from '../../src/features/spec.ts';

const item = (itemId: string, topic: string): Item => ({
  itemId,
  topic,
  tags: [],
  durationSec: 1,
  publishedAt: 0,
});
const items = [item('i1', 'cooking'), item('i2', 'music'), item('i3', 'cooking')];
const users: User[] = [
  { userId: 'u1', country: 'DE', device: 'tv' },
  { userId: 'u2', age: 40 },
  { userId: 'u3', country: 'FR', device: 'phone' },
  { userId: 'u4', country: 'DE' },
];
const spec = createFeatureSpec(items, users, 6);

test('age bands: unknown is 0, then <18, 18-24, 25-34, 35-44, 45-54, 55-64, 65+', () => {
  assert.equal(ageBucket(undefined), 0);
  const cases: [number, number][] = [
    [0, 1],
    [17, 1],
    [18, 2],
    [24.9, 2],
    [25, 3],
    [34, 3],
    [35, 4],
    [45, 5],
    [55, 6],
    [64, 6],
    [65, 7],
    [130, 7],
  ];
  for (const [age, band] of cases) assert.equal(ageBucket(age), band, `age ${age}`);
  fc.assert(
    fc.property(
      fc.double({ min: 0, max: 150, noNaN: true }),
      fc.double({ min: 0, max: 150, noNaN: true }),
      (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return ageBucket(lo) <= ageBucket(hi) && ageBucket(lo) >= 1 && ageBucket(hi) <= 7;
      },
    ),
  );
});

test('the spec holds vocabularies in first-seen order, and the history length', () => {
  assert.deepEqual(spec.items.ids.slice(1), ['i1', 'i2', 'i3']);
  assert.deepEqual(spec.topics.ids.slice(1), ['cooking', 'music']);
  assert.deepEqual(spec.countries.ids.slice(1), ['DE', 'FR']);
  assert.deepEqual(spec.devices.ids.slice(1), ['tv', 'phone']);
  assert.equal(spec.historyLength, 6);
  assert.equal(createFeatureSpec([], []).historyLength, 10, 'default history length');
});

test('the dense width counts every one-hot, the hour, the weekday and the example age', () => {
  // 8 age bands + 3 countries + 2 * 3 devices + sin/cos + 7 weekdays + 2 example-age columns
  assert.equal(queryDenseWidth(spec), 8 + 3 + 6 + 2 + 7 + 2);
});

test('specToJson / specFromJson round-trip through JSON', () => {
  const json = JSON.parse(JSON.stringify(specToJson(spec)));
  assert.deepEqual(json.topics, ['<oov>', 'cooking', 'music']);
  const back = specFromJson(json);
  assert.deepEqual(specToJson(back), specToJson(spec));
  for (const id of ['i1', 'i2', 'i3', 'nope']) assert.equal(lookup(back.items, id), lookup(spec.items, id));
  assert.equal(back.historyLength, 6);
});

test('writeQueryDense writes only its own slice: each one-hot group sums to 1, the hour lies on the circle', () => {
  const w = queryDenseWidth(spec);
  fc.assert(
    fc.property(
      fc.record({
        age: fc.option(fc.integer({ min: 0, max: 130 }), { nil: undefined }),
        country: fc.option(fc.constantFrom('DE', 'FR', 'XX'), { nil: undefined }),
        device: fc.option(fc.constantFrom('tv', 'phone', 'fridge'), { nil: undefined }),
      }),
      fc.option(fc.constantFrom('tv', 'phone', 'car'), { nil: undefined }),
      fc.integer({ min: 0, max: 4e12 }),
      fc.option(fc.double({ min: -5, max: 5000, noNaN: true }), { nil: undefined }),
      (user, device, time, exampleAgeDays) => {
        const out = new Float32Array(3 * w).fill(7);
        writeQueryDense(spec, { user, device, time, exampleAgeDays }, out, w);
        assert.ok(out.subarray(0, w).every((x) => x === 7) && out.subarray(2 * w).every((x) => x === 7));
        const row = out.subarray(w, 2 * w);
        const sum = (a: number, b: number) => row.subarray(a, b).reduce((s, x) => s + x, 0);
        assert.equal(sum(0, 8), 1);
        assert.equal(sum(8, 11), 1);
        assert.equal(sum(11, 14), 1);
        assert.equal(sum(14, 17), 1);
        assert.ok(Math.abs(row[17] ** 2 + row[18] ** 2 - 1) < 1e-5);
        assert.equal(sum(19, 26), 1);
        assert.equal(row[19 + new Date(time).getUTCDay()], 1);
        const age = Math.max(0, exampleAgeDays ?? 0);
        assert.ok(Math.abs(row[26] - Math.log1p(age) / 6) < 1e-5);
        assert.ok(Math.abs(row[27] - Math.min(age / 365, 4)) < 1e-5, 'years, capped at 4');
      },
    ),
  );
});

test('the request country and device win over the user profile', () => {
  const w = queryDenseWidth(spec);
  const out = new Float32Array(w);
  writeQueryDense(
    spec,
    { user: { country: 'DE', device: 'tv' }, country: 'FR', device: 'phone', time: 0 },
    out,
    0,
  );
  assert.equal(out[8 + 2], 1, 'country FR');
  assert.equal(out[11 + 1], 1, 'user device tv');
  assert.equal(out[14 + 2], 1, 'request device phone');
  assert.equal(out[17], 0, 'midnight: sin 0');
  assert.equal(out[18], 1, 'midnight: cos 1');
  assert.equal(out[19 + 4], 1, '1970-01-01 was a Thursday');
});

test('without context features the request device, hour and weekday are zeros; the rest is unchanged', () => {
  const plain = { ...spec, contextFeatures: false };
  const q = {
    user: { age: 30, country: 'DE', device: 'tv' },
    device: 'phone',
    time: Date.UTC(2026, 0, 5, 7),
  };
  const w = queryDenseWidth(spec);
  const [on, off] = [new Float32Array(w), new Float32Array(w)];
  writeQueryDense(spec, q, on, 0);
  writeQueryDense(plain, q, off, 0);
  for (let i = 0; i < w; i++) {
    const requestContext = i >= 14 && i < 14 + 3 + 2 + 7;
    assert.equal(off[i], requestContext ? 0 : on[i], `slot ${i}`);
  }
  assert.ok(on.slice(14, 26).some((x) => x !== 0));
  const json = JSON.parse(JSON.stringify(specToJson(plain)));
  assert.equal(json.contextFeatures, false);
  assert.equal(specFromJson(json).contextFeatures, false);
  assert.equal('contextFeatures' in specToJson(spec), false, 'the default is not written');
});
