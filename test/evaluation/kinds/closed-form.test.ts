import assert from 'node:assert/strict';
import { test } from 'node:test';
import { easeKind, itemKnnKind } from '../../../src/evaluation/kinds/closed-form.ts';
import { type EvalContext, evaluateByScoring } from '../../../src/evaluation/kinds/kind.ts';
import { DEFAULT_EASE, EASE_MAX_ITEMS, fitEase } from '../../../src/models/baselines/ease.ts';
import { scoreFromRows } from '../../../src/models/baselines/gram.ts';
import { DEFAULT_ITEM_KNN, fitItemKnn } from '../../../src/models/baselines/item-knn.ts';
import { collectScores, pairContext as context } from '../../helpers/cli-eval-context.ts';

for (const [kind, fit, name, logged] of [
  [
    easeKind,
    (h: number[][], n: number) => fitEase(h, n, DEFAULT_EASE),
    'ease',
    /^ease: closed form, λ = 300 \(\d+\.\d s\)$/,
  ],
  [
    itemKnnKind,
    (h: number[][], n: number) => fitItemKnn(h, n, DEFAULT_ITEM_KNN),
    'item-knn',
    /^item-knn: cosine, 200 neighbours \(\d+\.\d s\)$/,
  ],
] as const) {
  test(`${name}: fitted on every training user's watches, users without a test item too`, async () => {
    const { ctx, progress, histories } = context();
    assert.equal(kind.name, name);
    const fitted = await kind.train(ctx);
    assert.deepEqual(fitted.model, fit(histories, 7));
    assert.notDeepEqual(fitted.model, fit(histories.slice(0, 6), 7), 'the users without a test count');
    assert.ok(fitted.trainMs >= 0);
    assert.equal(progress.lines.length, 1);
    assert.match(progress.lines[0], logged);
  });

  test(`${name}: each test row scored as the sum of its history's rows`, async () => {
    const { ctx } = context();
    const { model } = await kind.train(ctx);
    const { rows, sink } = collectScores(7);
    await kind.score(model, ctx, sink);
    assert.deepEqual([...rows.keys()], [0, 1]);
    assert.deepEqual(rows.get(0), scoreFromRows(model as Float32Array, [1], 7));
    assert.deepEqual(rows.get(1), scoreFromRows(model as Float32Array, [3], 7));
    assert.equal(rows.get(0)![0], Number.NEGATIVE_INFINITY, 'never the OOV item');
  });

  test(`${name}: the item watched with the history ranks first`, async () => {
    const { ctx } = context();
    const r = await evaluateByScoring(kind, ctx);
    assert.equal(r.model, name);
    assert.equal(r.users, 2);
    assert.equal(r.mrr, 1);
    assert.equal(r.recall[10], 1);
  });

  test(`${name}: skipped beyond ${EASE_MAX_ITEMS} items, with the reason`, () => {
    const at = { numItems: EASE_MAX_ITEMS } as EvalContext;
    const beyond = { numItems: EASE_MAX_ITEMS + 1 } as EvalContext;
    assert.equal(kind.unsupported?.(at), undefined);
    assert.equal(
      kind.unsupported?.(beyond),
      `${EASE_MAX_ITEMS + 1} items: an items × items matrix beyond ${EASE_MAX_ITEMS} items`,
    );
  });
}
