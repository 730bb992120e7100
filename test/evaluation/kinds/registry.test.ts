import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EVAL_KINDS, EVAL_MODELS, kindOf } from '../../../src/evaluation/kinds/registry.ts';

test("one kind per name, in the report's row order", () => {
  assert.equal(new Set(EVAL_MODELS).size, EVAL_MODELS.length);
  assert.deepEqual(
    EVAL_MODELS,
    EVAL_KINDS.map((k) => k.name),
  );
  assert.equal(EVAL_MODELS[0], 'softmax');
  assert.equal(EVAL_MODELS.at(-1), 'popular', 'the floor comes last');
});

test('kindOf finds each kind by its name', () => {
  for (const name of EVAL_MODELS) assert.equal(kindOf(name).name, name);
});

test('only the served kinds answer a bounded list; every kind can train and score', () => {
  const bounded = EVAL_KINDS.filter((k) => k.listLength !== undefined).map((k) => k.name);
  assert.deepEqual(bounded.sort(), ['served', 'served-replay', 'served-sources']);
  for (const k of EVAL_KINDS) {
    assert.equal(typeof k.train, 'function', k.name);
    assert.equal(typeof k.score, 'function', k.name);
  }
});
