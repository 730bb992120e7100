import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateWorld } from '../../src/data/demo/world.ts';
import { initTf } from '../../src/runtime/tf.ts';
import { DEFAULT_PIPELINE_CONFIG } from '../../src/training/pipeline.ts';
import { createProgress } from '../../src/training/progress.ts';
import { bestTrial, tuneConfig } from '../../src/training/tune.ts';

const trial = (historyLength: number, ndcg10: number) => ({ historyLength, ndcg10, recall100: 0, ms: 0 });

test('the best validation NDCG@10 wins; a tie keeps the shorter history', () => {
  assert.equal(bestTrial([trial(10, 0.1), trial(20, 0.12), trial(30, 0.11)]).historyLength, 20);
  assert.equal(bestTrial([trial(10, 0.1), trial(30, 0.1)]).historyLength, 10);
});

test('tuneConfig trains each history length and returns the winner with its record', async () => {
  await initTf('wasm');
  const world = generateWorld({ seed: 9, scale: 0.05 });
  const config = {
    ...DEFAULT_PIPELINE_CONFIG,
    retrieval: { ...DEFAULT_PIPELINE_CONFIG.retrieval, epochs: 1, dim: 8, hidden: [16] },
  };
  const out = await tuneConfig(
    world,
    config,
    { historyLengths: [5, 3], budgetMs: 60_000 },
    createProgress(false),
  );
  assert.deepEqual(
    out.tuning.trials.map((t) => t.historyLength),
    [3, 5],
    'cheapest first',
  );
  assert.ok(out.tuning.trials.every((t) => t.ndcg10 > 0 && t.ndcg10 <= 1));
  assert.equal(out.historyLength, bestTrial(out.tuning.trials).historyLength);
  assert.equal(out.tuning.chosen.historyLength, out.historyLength);
  assert.equal(out.retrieval, config.retrieval, 'the rest of the config is unchanged');
});

test('once the budget is spent no further length is tried, but the first always is', async () => {
  const world = generateWorld({ seed: 9, scale: 0.05 });
  const config = {
    ...DEFAULT_PIPELINE_CONFIG,
    retrieval: { ...DEFAULT_PIPELINE_CONFIG.retrieval, epochs: 1, dim: 8, hidden: [16] },
  };
  const out = await tuneConfig(world, config, { historyLengths: [4, 8], budgetMs: 0 }, createProgress(false));
  assert.deepEqual(
    out.tuning.trials.map((t) => t.historyLength),
    [4],
  );
  assert.deepEqual(out.tuning.skipped, [8]);
  assert.equal(out.historyLength, 4);
});
