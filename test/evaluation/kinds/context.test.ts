import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateWorld } from '../../../src/data/demo/world.ts';
import {
  postFilterKind,
  preFilterKind,
  softmaxNoContextKind,
} from '../../../src/evaluation/kinds/context.ts';
import { evaluateByScoring } from '../../../src/evaluation/kinds/kind.ts';
import { kindContext, recordingProgress } from '../../helpers/cli-eval-context.ts';

const world = generateWorld({ seed: 3, scale: 0.05, context: true });
const dataset = { ...world, source: 'context-world' };

for (const kind of [softmaxNoContextKind, preFilterKind, postFilterKind]) {
  test(`${kind.name}: trains on the context world and ranks every held-out watch over the real catalogue`, async () => {
    const ctx = kindContext(dataset);
    const r = await evaluateByScoring(kind, ctx);
    assert.equal(r.model, kind.name);
    assert.equal(r.users, ctx.tests.length);
    assert.ok(r.recall[200] > 0, 'finds some held-out watches');
  });
}

test('context-pre-filter logs how many items it split, and on which conditions', async () => {
  const progress = recordingProgress();
  const ctx = kindContext(dataset, undefined, progress);
  const fitted = await preFilterKind.train(ctx);
  await preFilterKind.dispose?.(fitted.model);
  assert.match(progress.lines.join('\n'), /^context-pre-filter: \d+ of \d+ items split/m);
});
