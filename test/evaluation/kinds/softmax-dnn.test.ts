import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { generateWorld } from '../../../src/data/demo/world.ts';
import type { EvalContext } from '../../../src/evaluation/kinds/kind.ts';
import { evaluateByScoring } from '../../../src/evaluation/kinds/kind.ts';
import {
  type FittedRetrieval,
  fitRetrieval,
  positivesOnlyKind,
  scoreRetrieval,
  softmaxKind,
  twoTowerKind,
} from '../../../src/evaluation/kinds/softmax-dnn.ts';
import { selectRows } from '../../../src/features/query.ts';
import { readTidy } from '../../../src/runtime/read.ts';
import { initTf, tf } from '../../../src/runtime/tf.ts';
import { collectScores, kindContext, QUICK_KIND_OPTIONS } from '../../helpers/cli-eval-context.ts';

const world = generateWorld({ seed: 3, scale: 0.02 });
let ctx: EvalContext;
let fitted: FittedRetrieval;

before(async () => {
  await initTf('wasm');
  ctx = kindContext({ ...world, source: 'tiny' });
  fitted = (await fitRetrieval(ctx)).model;
});

/** ψ(x)·v of one test row, computed here from the model's own towers. */
function directScores(m: FittedRetrieval, row: number): Float32Array {
  return readTidy(() =>
    tf.matMul(m.retrieval.query(selectRows(ctx.spec, m.queries, [row])), m.retrieval.items(), false, true),
  );
}

const close = (a: Float32Array, b: Float32Array) => a.every((x, i) => Math.abs(x - b[i]) < 1e-4);

test('fitRetrieval: the configured network, trained on the split, with one query row per test', async () => {
  const r = await fitRetrieval(ctx);
  try {
    assert.equal(r.model.retrieval.config.dim, QUICK_KIND_OPTIONS.retrieval.dim);
    assert.equal(r.model.retrieval.config.numItems, ctx.numItems);
    assert.equal(r.curve?.length, QUICK_KIND_OPTIONS.retrieval.epochs);
    assert.ok(r.trainMs >= 0);
    assert.ok(ctx.tests.length > 10);
    assert.equal(r.model.queries.size, ctx.tests.length);
    assert.deepEqual(
      [...r.model.queries.labels],
      ctx.tests.map((t) => t.item),
      'each row labelled with its held-out item',
    );
  } finally {
    r.model.retrieval.dispose();
  }
});

test('fitRetrieval applies the kind change to the configuration', async () => {
  const r = await fitRetrieval(ctx, (cfg) => ({ dim: cfg.dim * 2 }));
  try {
    assert.equal(r.model.retrieval.config.dim, QUICK_KIND_OPTIONS.retrieval.dim * 2);
  } finally {
    r.model.retrieval.dispose();
  }
});

test('scoreRetrieval: each test row, in order, gets ψ(x)·v over the whole catalogue', async () => {
  const { rows, sink } = collectScores(ctx.numItems);
  const order: number[] = [];
  await scoreRetrieval(fitted, ctx, (row, scores, offset) => {
    order.push(row);
    sink(row, scores, offset);
  });
  assert.deepEqual(
    order,
    ctx.tests.map((_, i) => i),
  );
  for (const row of [0, 1, ctx.tests.length - 1]) {
    const got = rows.get(row)!;
    assert.equal(got.length, ctx.numItems);
    assert.ok(close(got, directScores(fitted, row)), `row ${row}`);
  }
  assert.ok(!close(rows.get(0)!, rows.get(1)!), 'a query per user');
});

test('scoreRetrieval: a rerank sees the row, its query embedding, and changes what the sink gets', async () => {
  const seen: number[] = [];
  const { rows, sink } = collectScores(ctx.numItems);
  await scoreRetrieval(fitted, ctx, sink, (row, scores, offset, psi, psiRow) => {
    seen.push(row);
    const dim = QUICK_KIND_OPTIONS.retrieval.dim;
    const q = readTidy(() => fitted.retrieval.query(selectRows(ctx.spec, fitted.queries, [row])));
    assert.ok(close(psi.subarray(psiRow * dim, (psiRow + 1) * dim), q), `ψ of row ${row}`);
    scores[offset + 1] = 1e6 + row;
  });
  assert.equal(seen.length, ctx.tests.length);
  for (const [row, scores] of rows) assert.equal(scores[1], 1e6 + row);
});

test('the three kinds: their names, and what each changes in the configuration', async () => {
  assert.deepEqual(
    [softmaxKind, twoTowerKind, positivesOnlyKind].map((k) => k.name),
    ['softmax', 'two-tower', 'softmax-positives-only'],
  );
  const tower = (await twoTowerKind.train(ctx)).model as FittedRetrieval;
  try {
    assert.equal(tower.retrieval.config.itemRepresentation, 'tower');
  } finally {
    twoTowerKind.dispose?.(tower);
  }
  const plain = (await softmaxKind.train(ctx)).model as FittedRetrieval;
  const positives = (await positivesOnlyKind.train(ctx)).model as FittedRetrieval;
  const same = (await fitRetrieval(ctx, () => ({ loss: 'positives-only' }))).model;
  try {
    assert.equal(plain.retrieval.config.itemRepresentation, QUICK_KIND_OPTIONS.retrieval.itemRepresentation);
    assert.deepEqual(positives.retrieval.itemVectors(), same.retrieval.itemVectors(), 'loss positives-only');
    assert.notDeepEqual(positives.retrieval.itemVectors(), plain.retrieval.itemVectors());
  } finally {
    for (const m of [plain, positives, same]) m.retrieval.dispose();
  }
});

test('a kind measured end to end frees every tensor it made', async () => {
  const before = tf.memory().numTensors;
  const r = await evaluateByScoring(softmaxKind, ctx);
  assert.equal(tf.memory().numTensors, before);
  assert.equal(r.model, 'softmax');
  assert.equal(r.users, ctx.tests.length);
  assert.equal(r.curve?.length, QUICK_KIND_OPTIONS.retrieval.epochs);
  assert.ok(r.recall[10] <= r.recall[50] && r.recall[50] <= r.recall[100]);
  assert.ok(r.recall[100] > 0, 'the held-out watches are found in the catalogue');
});
