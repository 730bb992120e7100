import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../../src/data/demo/rng.ts';
import { evaluateByScoring } from '../../../src/evaluation/kinds/kind.ts';
import { walsKind } from '../../../src/evaluation/kinds/wals.ts';
import { fitWals, type WalsModel, walsScores } from '../../../src/models/baselines/wals.ts';
import { collectScores, pairContext, QUICK_KIND_OPTIONS } from '../../helpers/cli-eval-context.ts';

const opts = QUICK_KIND_OPTIONS;

test('wals: factor rows of the test users first, in test order, then the other training users', async () => {
  const { ctx } = pairContext();
  assert.equal(walsKind.name, 'wals');
  const { model, trainMs } = await walsKind.train(ctx);
  // a and b are the test rows 0 and 1; c..g follow in the training map's order.
  const lists = [[1], [3], [1, 2], [1, 2], [3, 4], [3, 4, 5, 6], [5, 6]];
  assert.deepEqual(model, fitWals(lists, 7, opts.wals, createRng(opts.wals.seed).next));
  assert.equal((model as WalsModel).users.length, lists.length * opts.wals.dim);
  assert.ok(trainMs >= 0);
});

test('wals: logs its sweeps and dimension', async () => {
  const { ctx, progress } = pairContext();
  await walsKind.train(ctx);
  assert.equal(progress.lines.length, 1);
  assert.match(
    progress.lines[0],
    new RegExp(`^wals: ${opts.wals.iterations} sweeps, d=${opts.wals.dim} \\(\\d+\\.\\d s\\)$`),
  );
});

test('wals: test row r is scored with user factor row r', async () => {
  const { ctx } = pairContext();
  const { model } = await walsKind.train(ctx);
  const { rows, sink } = collectScores(7);
  await walsKind.score(model, ctx, sink);
  assert.deepEqual([...rows.keys()], [0, 1]);
  for (const r of [0, 1]) assert.deepEqual(rows.get(r), walsScores(model as WalsModel, r, 7));
  assert.notDeepEqual(rows.get(0), rows.get(1), 'personal scores');
});

test('wals: the same seed, the same factors', async () => {
  const a = await walsKind.train(pairContext().ctx);
  const b = await walsKind.train(pairContext().ctx);
  assert.deepEqual(a.model, b.model);
  const other = await walsKind.train(
    pairContext({ ...opts, wals: { ...opts.wals, seed: opts.wals.seed + 1 } }).ctx,
  );
  assert.notDeepEqual(other.model, a.model);
});

test('wals: the held-out partner of each watched item ranks first', async () => {
  const r = await evaluateByScoring(
    walsKind,
    pairContext({ ...opts, wals: { ...opts.wals, iterations: 10 } }).ctx,
  );
  assert.equal(r.model, 'wals');
  assert.equal(r.users, 2);
  assert.equal(r.mrr, 1);
});
