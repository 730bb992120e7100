import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { spawnServe } from '../helpers/serve-process.ts';

// A server is killed with SIGKILL while clients post events as fast as they can. Every event
// that got a 202 must be in the store afterwards, none twice; a retry after the restart is
// recognised as a duplicate.
const root = mkdtempSync(join(tmpdir(), 'reco-crash-'));
const db = join(root, 'events.sqlite');
after(() => rmSync(root, { recursive: true, force: true }));

function startServer(port: number): ChildProcess {
  // No model on purpose: this test is about the store; no self-training meanwhile.
  return spawnServe({ models: join(root, 'no-models'), db, port, extra: ['--bootstrap-min-events', '0'] });
}

async function waitHealthy(base: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('server did not become healthy');
}

const batch = (client: number, seq: number) =>
  Array.from({ length: 5 }, (_, j) => ({
    userId: `u${client}`,
    itemId: `i${seq}-${j}`,
    type: 'watch',
    watchTime: 10,
    eventId: `c${client}-${seq}-${j}`,
  }));

test('every acknowledged event survives SIGKILL, exactly once', async (t) => {
  const acked = new Set<string>();
  const ackedBatches: ReturnType<typeof batch>[] = [];
  const rounds = 3;
  for (let round = 0; round < rounds; round++) {
    const port = 40_000 + Math.floor(Math.random() * 20_000);
    const base = `http://127.0.0.1:${port}`;
    const child = startServer(port);
    const exited = new Promise((r) => child.once('exit', r));
    await waitHealthy(base);
    let alive = true;
    const clients = Array.from({ length: 6 }, async (_, c) => {
      for (let seq = 0; alive; seq++) {
        const events = batch(round * 100 + c, seq);
        try {
          const res = await fetch(`${base}/events`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(events),
          });
          if (res.status === 202) {
            for (const e of events) acked.add(e.eventId);
            ackedBatches.push(events);
          }
        } catch {
          return; // the server is gone
        }
      }
    });
    await new Promise((r) => setTimeout(r, 300 + Math.random() * 900));
    child.kill('SIGKILL');
    await exited;
    alive = false;
    await Promise.all(clients);
  }
  assert.ok(acked.size > 100, `only ${acked.size} events acknowledged`);
  const sqlite = new Database(db, { readonly: true });
  const ids = new Set(
    (sqlite.prepare('SELECT event_id FROM events').all() as { event_id: string }[]).map((r) => r.event_id),
  );
  const total = (sqlite.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
  sqlite.close();
  const lost = [...acked].filter((id) => !ids.has(id));
  assert.deepEqual(lost, [], `${lost.length} acknowledged events lost`);
  assert.equal(total, ids.size, 'no event stored twice');

  // After a restart, a client retrying an acknowledged batch is told it is a duplicate.
  const port = 40_000 + Math.floor(Math.random() * 20_000);
  const child = startServer(port);
  await waitHealthy(`http://127.0.0.1:${port}`);
  const res = await fetch(`http://127.0.0.1:${port}/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ackedBatches[0]),
  });
  assert.deepEqual(await res.json(), { accepted: 0, duplicates: 5 });
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  assert.equal(await exited, 0, 'graceful shutdown on SIGTERM exits 0');
  t.diagnostic(`crash test: ${acked.size} acknowledged events over ${rounds} SIGKILLs, 0 lost, 0 duplicated`);
});
