import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { runServe, SERVE_FLAGS, SERVE_USAGE, serve } from '../../src/cli/serve.ts';
import { resolveConfig, SETTINGS, settingFlags } from '../../src/config/settings.ts';
import { capture, clearRecoEnv, failure } from '../helpers/cli-output.ts';
import { freePort, trackShutdown } from '../helpers/cli-shutdown.ts';
import { tempDir } from '../helpers/temp-dir.ts';

clearRecoEnv();
const root = tempDir('reco-cli-serve-');

/** A quiet server on loopback over an empty models directory and an in-memory store. */
const quiet = (port: number): Record<string, string> => ({
  model: join(root, 'models'),
  db: ':memory:',
  port: String(port),
  'log-level': 'silent',
  'reload-interval': '0',
  'retrain-interval': '0',
  'bootstrap-min-events': '0',
});
const flags = (port: number) => Object.entries(quiet(port)).flatMap(([k, v]) => [`--${k}`, v]);
const settings = () => resolveConfig(quiet(0), {});

const base = (app: FastifyInstance) => `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

test('serve starts the server and stops it on SIGTERM: closed, then exit status 0', async () => {
  const s = await trackShutdown(() => serve(settings()));
  try {
    const app = s.result;
    assert.equal((await fetch(`${base(app)}/healthz`)).status, 200);
    assert.equal(s.term.length, 1, 'one SIGTERM handler');
    assert.equal(s.int.length, 1, 'one SIGINT handler');
    const exit = s.nextExit();
    s.term[0]();
    assert.equal(await exit, 0);
    assert.equal(app.server.listening, false, 'closed before exiting');
    s.int[0]();
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(s.exits, [0], 'a second signal while closing does nothing');
  } finally {
    s.restore();
  }
});

test('a failed close exits with status 1', async () => {
  const s = await trackShutdown(() => serve(settings()));
  const app = s.result;
  const close = app.close.bind(app);
  try {
    let asked = 0;
    app.close = (() => {
      asked++;
      return Promise.reject(new Error('stuck'));
    }) as unknown as typeof app.close;
    const exit = s.nextExit();
    s.int[0]();
    assert.equal(await exit, 1);
    assert.equal(asked, 1);
  } finally {
    s.restore();
    await close();
  }
});

test('reco serve: the flags become the settings of one server (no bundle: alive, not ready)', async () => {
  const port = await freePort();
  const s = await trackShutdown(() => runServe(flags(port)));
  try {
    const url = `http://127.0.0.1:${port}`;
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
    const ready = await fetch(`${url}/readyz`);
    assert.equal(ready.status, 503);
    assert.equal(((await ready.json()) as { error: { code: string } }).error.code, 'MODEL_NOT_READY');
    const exit = s.nextExit();
    s.term[0]();
    assert.equal(await exit, 0);
    await assert.rejects(fetch(`${url}/healthz`), 'nothing listens any more');
  } finally {
    s.restore();
  }
});

test('reco serve refuses before listening: several workers on a memory store, a keyless public host', async () => {
  const before = process.listeners('SIGTERM').length;
  const workers = failure(await capture(() => runServe([...flags(0), '--workers', '2'])));
  assert.equal(workers.code, 'CONFIG_INVALID');
  assert.match(workers.message, /^--workers: several workers need one shared event store/);
  const open = failure(await capture(() => runServe([...flags(0), '--host', '0.0.0.0'])));
  assert.equal(open.code, 'CONFIG_INVALID');
  assert.equal(process.listeners('SIGTERM').length, before, 'no server, no signal handlers');
});

test('reco serve: a bad value names its flag; a flag of another command is a parse error', async () => {
  const bad = failure(await capture(() => runServe(['--port', 'http'])));
  assert.equal(bad.code, 'CONFIG_INVALID');
  assert.match(bad.message, /^--port: /);
  const other = failure(await capture(() => runServe(['--data', 'data/demo'])));
  assert.equal(other.code, 'ERR_PARSE_ARGS_UNKNOWN_OPTION');
});

test('SERVE_FLAGS are settings with flags, each one a flag of reco serve', () => {
  const options = settingFlags(SERVE_FLAGS);
  for (const key of SERVE_FLAGS) {
    const flag = SETTINGS[key].flag;
    assert.ok(flag, `${key} has a flag`);
    assert.ok(flag in options, `--${flag}`);
  }
  assert.equal(new Set(SERVE_FLAGS).size, SERVE_FLAGS.length, 'no duplicates');
  assert.match(SERVE_USAGE, /^reco serve \[--model DIR\] \[--port N\]/);
});
