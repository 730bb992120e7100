import assert from 'node:assert/strict';
import { test } from 'node:test';
import { epochsFor } from '../../src/training/loop.ts';
import { DEFAULT_RANKER_CONFIG } from '../../src/training/train-ranker.ts';
import { DEFAULT_RETRIEVAL_CONFIG } from '../../src/training/train-retrieval.ts';

test('epochs scale with the data: the configured number for small sets, a step budget for large ones', () => {
  const cfg = DEFAULT_RETRIEVAL_CONFIG; // 30 epochs, batch 512, 15,000 steps
  assert.equal(epochsFor(40_000, cfg), 30, 'the demo world');
  assert.equal(epochsFor(100_000, cfg), 30, 'MovieLens-100K size');
  assert.equal(epochsFor(1_000_000, cfg), 7, 'MovieLens-1M size: 1,954 steps an epoch');
  assert.equal(epochsFor(25_000_000, cfg), 3, 'never under 3');
});

test('the ranker keeps its 8 epochs on the demo world and takes 4 on a MovieLens-100K-sized set', () => {
  const cfg = DEFAULT_RANKER_CONFIG; // 8 epochs, batch 512, 2,500 steps
  assert.equal(epochsFor(90_000, cfg), 8, 'the demo world: ~176 steps an epoch');
  assert.equal(epochsFor(270_000, cfg), 4, '300k examples, 10 % held out: 528 steps an epoch');
  assert.equal(epochsFor(5_000_000, cfg), 3, 'never under 3');
});
