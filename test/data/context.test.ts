import assert from 'node:assert/strict';
import { test } from 'node:test';
import { conditionsOf, daypart, durationBand } from '../../src/data/context.ts';

const at = (h: number) => Date.UTC(2026, 4, 3, h, 30);

test('dayparts by UTC hour', () => {
  assert.deepEqual(
    [2, 5, 10, 11, 16, 17, 22, 23].map((h) => daypart(at(h))),
    ['night', 'morning', 'morning', 'afternoon', 'afternoon', 'evening', 'evening', 'night'],
  );
});

test('duration bands', () => {
  assert.deepEqual([30, 299, 300, 899, 900, 3600].map(durationBand), [
    'short',
    'short',
    'medium',
    'medium',
    'long',
    'long',
  ]);
});

test('conditions name the device when it is known, the daypart always', () => {
  assert.deepEqual(conditionsOf({ device: 'tv', time: at(20) }), ['device=tv', 'daypart=evening']);
  assert.deepEqual(conditionsOf({ time: at(8) }), ['daypart=morning']);
});
