import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { generateWorld } from '../../../src/data/demo/world.ts';
import { type EvalContext, evaluateByScoring } from '../../../src/evaluation/kinds/kind.ts';
import { pipelineKind } from '../../../src/evaluation/kinds/pipeline.ts';
import { type FittedRetrieval, scoreRetrieval } from '../../../src/evaluation/kinds/softmax-dnn.ts';
import { blendScore } from '../../../src/models/ranking/blend-score.ts';
import type { Ranker } from '../../../src/models/ranking/ranker.ts';
import { topK } from '../../../src/models/top-k.ts';
import { initTf, tf } from '../../../src/runtime/tf.ts';
import {
  collectScores,
  kindContext,
  QUICK_KIND_OPTIONS,
  recordingProgress,
} from '../../helpers/cli-eval-context.ts';

const RANKED = 1e4;
const CANDIDATES = 5;
const world = generateWorld({ seed: 3, scale: 0.02 });
const progress = recordingProgress();
let ctx: EvalContext;
type Fitted = FittedRetrieval & { ranker: Ranker; beta: number };
let fitted: { model: Fitted; trainMs: number; curve?: unknown[]; blendBeta?: number };
let tensorsBefore: number;

before(async () => {
  await initTf('wasm');
  ctx = kindContext(
    { ...world, source: 'tiny' },
    { ...QUICK_KIND_OPTIONS, candidates: CANDIDATES },
    progress,
  );
  tensorsBefore = tf.memory().numTensors;
  fitted = (await pipelineKind.train(ctx)) as typeof fitted;
});

/** The retrieval scores of every test row, without the ranker. */
async function retrievalRows(): Promise<Map<number, Float32Array>> {
  const { rows, sink } = collectScores(ctx.numItems);
  await scoreRetrieval(fitted.model, ctx, sink);
  return rows;
}

/** The pipeline's scores of every test row, with the ranker's outputs per row recorded. */
async function pipelineRows(model: Fitted) {
  const ranked: Float32Array[] = [];
  const ranker = model.ranker;
  const spy = Object.create(ranker) as Ranker;
  spy.score = (features, rows) => {
    const ws = ranker.score(features, rows);
    ranked.push(ws);
    return ws;
  };
  const { rows, sink } = collectScores(ctx.numItems);
  await pipelineKind.score({ ...model, ranker: spy }, ctx, sink);
  return { rows, ranked };
}

const masked = (scores: Float32Array, row: number) => {
  const m = scores.slice();
  m[0] = Number.NEGATIVE_INFINITY;
  for (const e of ctx.excludes[row]) m[e] = Number.NEGATIVE_INFINITY;
  return m;
};

test('pipeline: retrieval, then a ranker, and β learnt on the validation split', () => {
  assert.equal(pipelineKind.name, 'pipeline');
  const { model } = fitted;
  assert.ok([0, 0.05, 0.1, 0.2, 0.5, 1, 2].includes(model.beta), `β = ${model.beta}`);
  assert.equal(fitted.blendBeta, model.beta);
  assert.equal(fitted.curve?.length, QUICK_KIND_OPTIONS.retrieval.epochs, "retrieval's curve");
  assert.ok(fitted.trainMs >= 0);
  assert.ok(progress.lines.includes(`pipeline: blend β = ${model.beta} learnt on the validation split`));
});

test('the top candidates lead, ordered by ψ·v + β·log E[watch time]; the rest keep retrieval order', async () => {
  const base = await retrievalRows();
  for (const beta of [fitted.model.beta, 0, 1]) {
    const { rows, ranked } = await pipelineRows({ ...fitted.model, beta });
    assert.equal(ranked.length, ctx.tests.length, 'the ranker asked once per test row');
    for (const [row, scores] of rows) {
      const m = masked(base.get(row)!, row);
      const cands = topK(m, CANDIDATES);
      const ws = ranked[row];
      assert.equal(ws.length, cands.length);
      const lifted = new Set(cands);
      cands.forEach((item, c) => {
        const want = RANKED + blendScore(m[item], ws[c], beta);
        if (Number.isFinite(want))
          assert.ok(Math.abs(scores[item] - want) < 2e-3, `row ${row} item ${item} β ${beta}`);
        else assert.equal(scores[item], want);
      });
      for (let item = 0; item < ctx.numItems; item++) {
        if (lifted.has(item)) continue;
        assert.equal(scores[item], base.get(row)![item], `row ${row}: item ${item} not a candidate`);
        if (Number.isFinite(m[item])) assert.ok(scores[item] < RANKED - 1e3);
      }
    }
  }
});

test('β = 0 keeps the candidates in retrieval order (to float32 resolution at +1e4)', async () => {
  const base = await retrievalRows();
  const { rows } = await pipelineRows({ ...fitted.model, beta: 0 });
  for (const [row, scores] of rows) {
    const m = masked(base.get(row)!, row);
    const cands = topK(m, CANDIDATES).filter((i) => Number.isFinite(m[i]));
    for (let c = 1; c < cands.length; c++)
      assert.ok(scores[cands[c - 1]] >= scores[cands[c]], `row ${row}: candidate ${c} after ${c - 1}`);
    assert.deepEqual(new Set(topK(scores, cands.length)), new Set(cands), `row ${row}: the candidates lead`);
  }
});

test('measured end to end: the ranker and the retrieval model are freed', async () => {
  const r = await evaluateByScoring(pipelineKind, ctx);
  assert.equal(r.model, 'pipeline');
  assert.equal(r.users, ctx.tests.length);
  assert.ok([0, 0.05, 0.1, 0.2, 0.5, 1, 2].includes(r.blendBeta!));
  pipelineKind.dispose?.(fitted.model);
  assert.equal(tf.memory().numTensors, tensorsBefore);
});
