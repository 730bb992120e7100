import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { generateWorld } from '../../../src/data/demo/world.ts';
import type { EvalContext, Fitted, ModelKind } from '../../../src/evaluation/kinds/kind.ts';
import {
  ALL_SOURCES,
  servedNowKind,
  servedReplayKind,
  servedSourcesKind,
} from '../../../src/evaluation/kinds/served.ts';
import { REPLAY_DELAY_MS, SERVED_K, type ServedModel } from '../../../src/evaluation/served.ts';
import { initTf } from '../../../src/runtime/tf.ts';
import { kindContext, QUICK_KIND_OPTIONS } from '../../helpers/cli-eval-context.ts';

const world = generateWorld({ seed: 3, scale: 0.02 });
let ctx: EvalContext;
let plain: Fitted<ServedModel>;
let withSources: Fitted<ServedModel>;

before(async () => {
  await initTf('wasm');
  ctx = kindContext(
    { ...world, source: 'tiny' },
    { ...QUICK_KIND_OPTIONS, sources: { fresh: 5, related: 0 } },
  );
  plain = (await servedNowKind.train(ctx)) as Fitted<ServedModel>;
  withSources = (await servedSourcesKind.train(ctx)) as Fitted<ServedModel>;
});

after(async () => {
  for (const f of [plain, withSources])
    if (f && existsSync(f.model.dir)) await servedNowKind.dispose?.(f.model);
});

type Request = Parameters<ServedModel['engine']['recommend']>[0];

/** Scores every test row through `kind`, recording the requests the engine got and the rows the sink got. */
async function scoreThrough(kind: ModelKind, served: ServedModel) {
  const requests: Request[] = [];
  const answers: string[][] = [];
  const engine = served.engine;
  const recommend = engine.recommend.bind(engine);
  engine.recommend = (async (req: Request) => {
    requests.push(req);
    const rec = await recommend(req);
    answers.push(rec.items.map((it) => it.itemId));
    return rec;
  }) as typeof engine.recommend;
  const rows: { row: number; scores: Float32Array; offset: number }[] = [];
  try {
    await kind.score(served, ctx, (row, scores, offset) =>
      rows.push({ row, scores: scores.slice(), offset }),
    );
  } finally {
    engine.recommend = recommend;
  }
  return { requests, answers, rows };
}

test('three kinds, each answering at most SERVED_K items as the API does', () => {
  assert.deepEqual(
    [servedNowKind, servedReplayKind, servedSourcesKind].map((k) => [k.name, k.listLength]),
    [
      ['served', SERVED_K],
      ['served-replay', SERVED_K],
      ['served-sources', SERVED_K],
    ],
  );
  assert.deepEqual(ALL_SOURCES, { ann: 200, related: 30, neighbours: 30, fresh: 20, trending: 20 });
});

test('train: a bundle installed in an engine, with its training time and blend weight', () => {
  const served = plain.model;
  assert.ok(existsSync(served.dir), 'the bundle on disk');
  assert.equal(plain.trainMs, served.trainMs);
  assert.ok(served.trainMs > 0);
  assert.equal(plain.blendBeta, served.beta);
  assert.equal(served.sources, undefined, 'the bundle decides the sources');
  assert.deepEqual(plain.report?.(), {});
});

test('served: one request per test row at the moment of the held-out watch; list position as score', async () => {
  const { requests, answers, rows } = await scoreThrough(servedNowKind, plain.model);
  assert.deepEqual(
    requests,
    ctx.tests.map((t) => ({ userId: t.userId, k: SERVED_K, now: t.time })),
  );
  assert.equal(rows.length, ctx.tests.length);
  for (const [i, { row, scores, offset }] of rows.entries()) {
    assert.equal(row, i);
    assert.equal(offset, 0);
    const listed = answers[i].map((id) => ctx.spec.items.index.get(id)!);
    assert.ok(listed.length > 0 && listed.length <= SERVED_K);
    for (const [pos, item] of listed.entries()) assert.equal(scores[item], SERVED_K - pos);
    const unlisted = [...scores.keys()].filter((j) => !listed.includes(j));
    for (const j of unlisted)
      assert.equal(scores[j], Number.NEGATIVE_INFINITY, `item ${j} not in the answer`);
  }
});

test('served-replay: the same requests, ten years after each held-out watch', async () => {
  const { requests } = await scoreThrough(servedReplayKind, plain.model);
  assert.deepEqual(
    requests.map((r) => r.now),
    ctx.tests.map((t) => t.time + REPLAY_DELAY_MS),
  );
  assert.ok(requests.every((r) => r.sources === undefined));
});

test('served-sources: every source on, the --sources quotas over them, and each source its top-10 share', async () => {
  const served = withSources.model;
  assert.deepEqual(served.sources, { ...ALL_SOURCES, fresh: 5, related: 0 });
  const { requests } = await scoreThrough(servedSourcesKind, served);
  assert.ok(requests.every((r) => r.explain === true && r.sources === served.sources));
  const shares = withSources.report?.().sourceShare10;
  assert.ok(shares && Object.keys(shares).length > 0, 'shares counted while scoring');
  assert.ok((shares.ann ?? 0) > 0, 'ann fills the top 10');
  for (const v of Object.values(shares)) assert.ok(v! >= 0 && v! <= 1);
});

test('dispose closes the engine and deletes the bundle', async () => {
  const dir = plain.model.dir;
  await servedNowKind.dispose?.(plain.model);
  assert.equal(existsSync(dir), false);
});
