import assert from 'node:assert/strict';
import { test } from 'node:test';
import { camfKind } from '../../../src/evaluation/kinds/camf.ts';
import { evaluateByScoring } from '../../../src/evaluation/kinds/kind.ts';
import { pairContext } from '../../helpers/cli-eval-context.ts';

test('camf: trains on the split, logs its shape, scores every test row over the catalogue', async () => {
  const { ctx, progress } = pairContext();
  assert.equal(camfKind.name, 'camf');
  const r = await evaluateByScoring(camfKind, ctx);
  assert.equal(r.model, 'camf');
  assert.equal(r.users, 2);
  assert.match(progress.lines[0], /^camf: \d+ epochs, d=\d+, 1 conditions \(\d+\.\d s\)$/);
});
