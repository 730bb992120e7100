import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { spawnServe } from '../helpers/serve-process.ts';

// The loop "events in -> retrain -> better lists" with nothing but HTTP: a server starts with no
// model, events are posted, the service retrains itself in a child process and hot-reloads,
// and then recommends from the posted catalogue, leaving out what each user watched; then
// POST /admin/retrain trains again on demand and the new bundle replaces the first.
const root = mkdtempSync(join(tmpdir(), 'reco-loop-'));
let server: ChildProcess | undefined;
after(() => {
  server?.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

test('a server with no model learns from posted events and serves them', { timeout: 120_000 }, async () => {
  const port = 40_000 + Math.floor(Math.random() * 20_000);
  const base = `http://127.0.0.1:${port}`;
  // Defaults otherwise: no periodic retraining; a model-less server trains by itself once
  // RECO_BOOTSTRAP_MIN_EVENTS (100) events are stored and posting has paused.
  server = spawnServe({ models: join(root, 'models'), db: join(root, 'events.sqlite'), port });
  for (
    let i = 0;
    !(await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    ));
    i++
  ) {
    if (i > 300) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal((await fetch(`${base}/readyz`)).status, 503);
  // 40 users, each watching 5 consecutive items of a 20-item ring (two "tastes" by parity)
  const events = [];
  for (let u = 0; u < 40; u++) {
    for (let k = 0; k < 5; k++) {
      events.push({
        userId: `user${u}`,
        itemId: `movie${(u + 2 * k) % 20}`,
        type: 'watch',
        watchTime: 60,
        timestamp: 1_700_000_000_000 + u * 1000 + k,
      });
    }
  }
  const posted = await fetch(`${base}/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(events),
  });
  assert.equal(posted.status, 202);
  for (let i = 0; (await fetch(`${base}/readyz`)).status !== 200; i++) {
    if (i > 600) throw new Error('never became ready after retraining');
    await new Promise((r) => setTimeout(r, 100));
  }
  const recs = (await (await fetch(`${base}/recommendations/user3?k=5`)).json()) as {
    items: { itemId: string }[];
  };
  assert.equal(recs.items.length, 5);
  const watched = new Set(events.filter((e) => e.userId === 'user3').map((e) => e.itemId));
  for (const { itemId } of recs.items) {
    assert.match(itemId, /^movie\d+$/);
    assert.ok(!watched.has(itemId), `${itemId} was already watched`);
  }
  const version = async () =>
    ((await (await fetch(`${base}/recommendations/user3?k=1`)).json()) as { modelVersion: string })
      .modelVersion;
  const first = await version();
  const more = await fetch(`${base}/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([{ userId: 'user3', itemId: 'movie19', type: 'watch', watchTime: 60 }]),
  });
  assert.equal(more.status, 202);
  const retrain = await fetch(`${base}/admin/retrain`, { method: 'POST' });
  assert.equal(retrain.status, 202);
  assert.deepEqual(await retrain.json(), { status: 'started' });
  for (let i = 0; (await version()) === first; i++) {
    if (i > 600) throw new Error('the retrained bundle never replaced the first');
    await new Promise((r) => setTimeout(r, 100));
  }
});
