import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateWorld } from '../../src/data/demo/world.ts';
import { DEFAULT_EVAL, evaluate } from '../../src/evaluation/run.ts';
import { initTf } from '../../src/runtime/tf.ts';
import { createProgress } from '../../src/training/progress.ts';

// The "served" model goes through a written bundle and the engine's public recommend(), as a
// client of GET /recommendations would (its quality on the demo world: docs/evaluation.md).
test('served evaluation: trains a bundle on the train split and scores the API answers', async () => {
  await initTf('wasm');
  const world = generateWorld({ seed: 9, scale: 0.3 });
  const quick = {
    ...DEFAULT_EVAL,
    retrieval: { ...DEFAULT_EVAL.retrieval, epochs: 2, dim: 16, hidden: [32] },
    ranker: { ...DEFAULT_EVAL.ranker, epochs: 1, hidden: [16] },
  };
  const report = await evaluate(
    { ...world, source: 'served-test' },
    { ...quick, models: ['served'] },
    createProgress(false),
  );
  const served = report.results.find((r) => r.model === 'served')!;
  assert.equal(served.users, report.data.testUsers);
  assert.ok(served.recall[10] <= served.recall[50] && served.recall[50] <= served.recall[100]);
  assert.equal(served.recall[200], served.recall[100], 'the API answers at most 100 items');
  assert.ok(served.recall[100] > 0 && served.ndcg10 > 0, 'the served lists hit held-out watches');
});

test('the served kind keeps the watches of the held-out second that came before it', async () => {
  const { eventsBeforeTests } = await import('../../src/evaluation/served.ts');
  const ev = (userId: string, itemId: string, timestamp: number) => ({
    userId,
    itemId,
    type: 'watch' as const,
    timestamp,
  });
  // u1 rated a, b, c in one second (c is the held-out watch), then d; u2 has no test.
  const events = [
    ev('u1', 'x', 5),
    ev('u1', 'a', 10),
    ev('u1', 'b', 10),
    ev('u1', 'c', 10),
    ev('u1', 'd', 11),
  ];
  events.push(ev('u2', 'a', 9), ev('u2', 'b', 10));
  const items = { ids: ['', 'x', 'a', 'b', 'c', 'd'], index: new Map() };
  const kept = eventsBeforeTests(events, [{ userId: 'u1', item: 4, time: 10 }], items);
  assert.deepEqual(
    kept.map((e) => `${e.userId}:${e.itemId}`),
    ['u1:x', 'u1:a', 'u1:b', 'u2:a'],
  );
});

test('the served kind sees each test user’s searches typed before the held-out watch, others’ before the first', async () => {
  const { searchesBeforeTests } = await import('../../src/evaluation/served.ts');
  const q = (userId: string, timestamp: number) => ({
    userId,
    type: 'search' as const,
    query: 'noir',
    timestamp,
  });
  const kept = searchesBeforeTests(
    [q('u1', 5), q('u1', 10), q('u1', 11), q('u2', 7), q('u3', 9), q('u3', 12)],
    [
      { userId: 'u1', time: 10 },
      { userId: 'u2', time: 8 },
    ],
  );
  // Strictly before, as the query tower reads them: u1's search in the held-out second is not seen.
  assert.deepEqual(
    kept.map((s) => `${s.userId}:${s.timestamp}`),
    ['u1:5', 'u2:7'],
  );
});
