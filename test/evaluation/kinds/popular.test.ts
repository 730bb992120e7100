import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluateByScoring } from '../../../src/evaluation/kinds/kind.ts';
import { popularKind } from '../../../src/evaluation/kinds/popular.ts';
import { tinyEvalContext as context } from '../../helpers/eval-context.ts';

test('popular: the same most-watched-first list for everyone', async () => {
  const ctx = context();
  const r = await evaluateByScoring(popularKind, ctx);
  // item 2 is first for b; a's item 1 is last of four; c's item 3 is first once 2 is excluded
  assert.equal(r.mrr, (1 / 4 + 1 + 1) / 3);
  assert.equal(r.trainMs, 0);
});

test('popular: its model is the training counts, nothing learnt', async () => {
  const ctx = context();
  const fitted = await popularKind.train(ctx);
  assert.deepEqual([...(fitted.model as Float32Array)], [...ctx.counts]);
});
