import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defineKind, evaluateByScoring } from '../../../src/evaluation/kinds/kind.ts';
import { tinyEvalContext as context } from '../../helpers/eval-context.ts';

test('evaluateByScoring: each row ranked by its scores, training items excluded, the model disposed', async () => {
  let disposed = 0;
  const perfect = defineKind({
    name: 'oracle',
    train: async () => ({ model: 'm', trainMs: 12.6, blendBeta: 0.5 }),
    score: async (model, ctx, sink) => {
      assert.equal(model, 'm');
      // scores laid out for all rows in one buffer: row r at offset r * numItems
      const all = new Float32Array(ctx.tests.length * ctx.numItems);
      ctx.tests.forEach((t, r) => {
        all[r * ctx.numItems + t.item] = 1;
      });
      for (let r = 0; r < ctx.tests.length; r++) sink(r, all, r * ctx.numItems);
    },
    dispose: () => {
      disposed++;
    },
  });
  const r = await evaluateByScoring(perfect, context());
  assert.equal(r.model, 'oracle');
  assert.equal(r.recall[10], 1);
  assert.equal(r.mrr, 1);
  assert.equal(r.users, 3);
  assert.equal(r.trainMs, 13, 'rounded');
  assert.equal(r.blendBeta, 0.5);
  assert.equal('curve' in r, false);
  assert.equal(disposed, 1);
});

test('a failing scorer still frees its model', async () => {
  let disposed = false;
  const broken = defineKind({
    name: 'broken',
    train: async () => ({ model: 1, trainMs: 0 }),
    score: async () => {
      throw new Error('boom');
    },
    dispose: () => {
      disposed = true;
    },
  });
  await assert.rejects(evaluateByScoring(broken, context()), /boom/);
  assert.ok(disposed);
});
