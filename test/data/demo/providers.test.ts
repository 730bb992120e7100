import assert from 'node:assert/strict';
import { test } from 'node:test';
import { providerCount, withProviders } from '../../../src/data/demo/providers.ts';
import { generateWorld } from '../../../src/data/demo/world.ts';
import { gini } from '../../../src/models/metrics/exposure.ts';

test('every demo item has a provider; the same seed gives the same providers', () => {
  const w = generateWorld({ seed: 3, scale: 0.4 });
  assert.ok(w.items.every((it) => /^p\d+$/.test(it.provider ?? '')));
  assert.deepEqual(
    generateWorld({ seed: 3, scale: 0.4 }).items.map((it) => it.provider),
    w.items.map((it) => it.provider),
  );
});

test('skewed: a few big providers own many items, a long tail owns one or two each', () => {
  const { items } = generateWorld({ seed: 42 });
  const owned = new Map<string, number>();
  for (const it of items) owned.set(it.provider!, (owned.get(it.provider!) ?? 0) + 1);
  const sizes = [...owned.values()].sort((a, b) => b - a);
  assert.ok(sizes.length >= providerCount(items.length) - 5, `${sizes.length} providers`);
  const top5 = sizes.slice(0, 5).reduce((a, b) => a + b, 0);
  assert.ok(top5 / items.length > 0.35, `the 5 biggest own ${top5} of ${items.length}`);
  assert.ok(sizes.filter((n) => n <= 2).length >= 10, 'a long tail of small providers');
  assert.ok(gini(sizes) > 0.4, `catalogue share Gini ${gini(sizes)}`);
});

test('providers come from their own random stream: a function of the items and the seed alone', () => {
  const w = generateWorld({ seed: 11, scale: 0.2 });
  const bare = w.items.map(({ provider: _, ...it }) => it);
  const again = withProviders(bare, 11);
  assert.deepEqual(again, w.items, 'the same providers for the same items and seed');
  assert.equal('provider' in bare[0], false, 'the input is not modified');
});

test('big providers mostly make one topic', () => {
  const { items } = generateWorld({ seed: 42 });
  const p1 = items.filter((it) => it.provider === 'p1');
  const topics = new Map<string, number>();
  for (const it of p1) topics.set(it.topic, (topics.get(it.topic) ?? 0) + 1);
  const main = Math.max(...topics.values());
  assert.ok(main / p1.length > 0.5, `${main} of p1's ${p1.length} items in one topic`);
});
