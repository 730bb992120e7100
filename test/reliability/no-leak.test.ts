import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as tf from '@tensorflow/tfjs';
import { loadBundle } from '../../src/bundle/read.ts';
import { generateWorld } from '../../src/data/demo/world.ts';
import { readDataset, writeDataset } from '../../src/data/loaders/jsonl.ts';
import { createMemoryStore } from '../../src/events/memory-store.ts';
import { buildApp } from '../../src/http/app.ts';
import { initTf } from '../../src/runtime/tf.ts';
import { DEFAULT_RECOMMENDER, Recommender } from '../../src/serving/recommender.ts';
import { DEFAULT_PIPELINE_CONFIG, runPipeline } from '../../src/training/pipeline.ts';
import { createProgress } from '../../src/training/progress.ts';

const root = mkdtempSync(join(tmpdir(), 'reco-leak-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('20,000 recommendation requests: tensor count flat, heap growth bounded', async (t) => {
  await initTf('wasm');
  await writeDataset(join(root, 'data'), generateWorld({ seed: 8, scale: 0.1 }));
  const data = await readDataset(join(root, 'data'));
  const config = {
    ...DEFAULT_PIPELINE_CONFIG,
    retrieval: { ...DEFAULT_PIPELINE_CONFIG.retrieval, epochs: 1 },
    ranker: { ...DEFAULT_PIPELINE_CONFIG.ranker, epochs: 1 },
  };
  await runPipeline({ ...data, source: 'leak' }, join(root, 'models'), config, createProgress(false));
  const store = createMemoryStore();
  const engine = new Recommender({ ...DEFAULT_RECOMMENDER, store, cacheSize: 1000 });
  engine.setBundle(await loadBundle(join(root, 'models'), { minIndexRecall: 0.98 }));
  const app = await buildApp({ engine, store, logger: false });
  await app.ready();
  t.after(() => app.close());
  const users = data.users.map((u) => u.userId);
  const run = async (n: number, from: number) => {
    for (let i = 0; i < n; i++) {
      // unknown users too, so the state cache keeps evicting
      const user = i % 3 === 0 ? `new-${from + i}` : users[(from + i) % users.length];
      const res = await app.inject({ url: `/recommendations/${user}?k=10` });
      if (res.statusCode !== 200) throw new Error(res.body);
    }
  };
  // A real GC before each heap reading, whatever flags the runner passed to this process.
  v8.setFlagsFromString('--expose-gc');
  const collect = runInNewContext('gc') as () => void;
  // Let pending timers and promise callbacks release their garbage between collections.
  const gc = async () => {
    for (let i = 0; i < 3; i++) {
      collect();
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  await run(2000, 0);
  await gc();
  const tensors = tf.memory().numTensors;
  const heap = process.memoryUsage().heapUsed;
  await run(18_000, 2000);
  await gc();
  const growthMb = (process.memoryUsage().heapUsed - heap) / 2 ** 20;
  t.diagnostic(
    `tensors ${tensors} -> ${tf.memory().numTensors}; heap growth ${growthMb.toFixed(1)} MiB over 18,000 requests`,
  );
  assert.equal(tf.memory().numTensors, tensors);
  assert.ok(growthMb < 50, `heap grew ${growthMb.toFixed(1)} MiB`);
});
