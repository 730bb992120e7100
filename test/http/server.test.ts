import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { resolveConfig } from '../../src/config/settings.ts';
import { ConfigError } from '../../src/errors.ts';
import { startServer, superviseWorkers } from '../../src/http/server.ts';

// The whole server from resolved settings, in this process: what `reco serve` runs after its flags.

const settings = (dir: string, flags: Record<string, string | boolean> = {}) =>
  resolveConfig(
    {
      model: join(dir, 'models'),
      db: ':memory:',
      port: '0',
      'log-level': 'silent',
      'bootstrap-min-events': '0',
      'retrain-interval': '0',
      'reload-interval': '0',
      ...flags,
    },
    {},
  );

test('startServer listens on loopback, alive before a bundle, and app.close() stops it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'reco-server-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const app = await startServer(settings(dir));
  let closed = false;
  t.after(() => (closed ? undefined : app.close()));
  const address = app.server.address() as { address: string; port: number };
  assert.equal(address.address, '127.0.0.1', 'no keys: loopback only');
  const base = `http://127.0.0.1:${address.port}`;
  assert.equal((await fetch(`${base}/healthz`)).status, 200);
  const ready = await fetch(`${base}/readyz`);
  assert.equal(ready.status, 503, 'no bundle in the model directory');
  assert.equal(((await ready.json()) as { error: { code: string } }).error.code, 'MODEL_NOT_READY');
  const retrain = await fetch(`${base}/admin/retrain`);
  assert.equal(retrain.status, 200, 'admin routes answer local clients of a loopback server');
  assert.equal(((await retrain.json()) as { running: boolean }).running, false);
  await app.close();
  closed = true;
});

test('startServer refuses a keyless listener on a reachable address before opening anything', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'reco-server-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  await assert.rejects(startServer(settings(dir, { host: '0.0.0.0' })), ConfigError);
});

test('superviseWorkers: a lone process serves itself; several workers need a shared store', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'reco-server-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  assert.equal(await superviseWorkers(settings(dir, { workers: '1' })), false);
  await assert.rejects(superviseWorkers(settings(dir, { workers: '2' })), /shared event store/);
  await assert.rejects(superviseWorkers(settings(dir, { host: '0.0.0.0', workers: '1' })), ConfigError);
});
