import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadBundle } from '../../src/bundle/read.ts';
import { generateWorld } from '../../src/data/demo/world.ts';
import { createMemoryStore } from '../../src/events/memory-store.ts';
import { initTf } from '../../src/runtime/tf.ts';
import { DEFAULT_RECOMMENDER, Recommender } from '../../src/serving/recommender.ts';
import { DEFAULT_PIPELINE_CONFIG, runPipeline } from '../../src/training/pipeline.ts';
import { createProgress } from '../../src/training/progress.ts';
import { rankerDecision } from '../../src/training/ranker-config.ts';

const root = mkdtempSync(join(tmpdir(), 'reco-ranking-stage-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('auto trains the ranker when there are impressions, not otherwise; always/never force it', () => {
  const shown = [{ impressions: [{}] }, { impressions: [] }];
  const none = [{ impressions: [] }];
  assert.equal(rankerDecision('auto', shown).train, true);
  assert.match(rankerDecision('auto', shown).reason, /1 impressions/);
  assert.equal(rankerDecision('auto', none).train, false);
  assert.match(rankerDecision('auto', none).reason, /no impressions/);
  assert.equal(rankerDecision('always', none).train, true);
  assert.equal(rankerDecision('never', shown).train, false);
});

/** A small demo world, its impressions dropped when `watchesOnly` (MovieLens' shape). */
async function train(name: string, watchesOnly: boolean, when = DEFAULT_PIPELINE_CONFIG.ranker.when) {
  const world = generateWorld({ seed: 5, scale: 0.05 });
  const events = watchesOnly ? world.events.filter((e) => e.type === 'watch') : world.events;
  const config = {
    ...DEFAULT_PIPELINE_CONFIG,
    retrieval: { ...DEFAULT_PIPELINE_CONFIG.retrieval, epochs: 1, dim: 8, hidden: [16], refit: false },
    ranker: { ...DEFAULT_PIPELINE_CONFIG.ranker, when, epochs: 1, hidden: [8] },
    recallQueries: 20,
  };
  const input = { items: world.items, users: world.users, events, source: name };
  return runPipeline(input, join(root, name), config, createProgress(false));
}

test('watches only: the bundle has no ranker, loads, and serves in retrieval order without ranker scores', async () => {
  await initTf('wasm');
  const { manifest } = await train('watches', true);
  assert.equal(manifest.kinds.ranker, 'none');
  assert.equal(manifest.metrics.ranker, undefined);
  assert.equal(manifest.files.rankerWeights, undefined);
  assert.equal((manifest.config as { blend: { beta: number } }).blend.beta, 0);
  const bundle = await loadBundle(join(root, 'watches'), { minIndexRecall: 0 });
  assert.equal(bundle.rankerScorer, undefined);
  const engine = new Recommender({ ...DEFAULT_RECOMMENDER, store: createMemoryStore() });
  engine.setBundle(bundle);
  const user = [...bundle.users.keys()][0];
  const rec = await engine.recommend({ userId: user, k: 10, explain: true });
  assert.equal(rec.items.length, 10);
  for (const it of rec.items) assert.equal(it.explain?.rankerScore, undefined);
  const scores = rec.items.map((it) => it.explain?.retrievalScore ?? 0);
  // Rules may move items, but with no ranker the first item is retrieval's best kept candidate.
  assert.ok(scores[0] >= Math.min(...scores));
  engine.close?.();
  bundle.dispose();
});

test('with impressions (or when: always) the ranker is trained and served', async () => {
  for (const [name, watchesOnly, when] of [
    ['shown', false, 'auto'],
    ['forced', true, 'always'],
  ] as const) {
    const { manifest } = await train(name, watchesOnly, when);
    assert.equal(manifest.kinds.ranker, 'weighted-logistic-dnn', name);
    assert.ok(manifest.metrics.ranker && manifest.metrics.ranker.examples > 0, name);
    const bundle = await loadBundle(join(root, name), { minIndexRecall: 0 });
    assert.ok(bundle.rankerScorer, name);
    bundle.dispose();
  }
});
