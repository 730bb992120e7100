import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_RETRIEVAL_CONFIG, epochsFor } from '../../src/training/train-retrieval.ts';

test('epochs scale with the data: the configured number for small sets, a step budget for large ones', () => {
  const cfg = DEFAULT_RETRIEVAL_CONFIG; // 30 epochs, batch 512, 15,000 steps
  assert.equal(epochsFor(40_000, cfg), 30, 'the demo world');
  assert.equal(epochsFor(100_000, cfg), 30, 'MovieLens-100K size');
  assert.equal(epochsFor(1_000_000, cfg), 7, 'MovieLens-1M size: 1,954 steps an epoch');
  assert.equal(epochsFor(25_000_000, cfg), 3, 'never under 3');
});
