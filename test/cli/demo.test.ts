import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { pointCurrent } from '../../src/bundle/write.ts';
import { DEMO_USAGE, demoWorkers, runDemo } from '../../src/cli/demo.ts';
import { ensureDemoData } from '../../src/cli/generate.ts';
import { capture, clearRecoEnv, failure } from '../helpers/cli-output.ts';
import { freePort, trackShutdown } from '../helpers/cli-shutdown.ts';
import { tempDir } from '../helpers/temp-dir.ts';

clearRecoEnv();
const root = tempDir('reco-cli-demo-');
const data = join(root, 'data');
let n = 0;

/** A models directory whose `current` points at a manifest (a stand-in bundle: there, not loadable). */
async function modelsWithBundle(): Promise<string> {
  const models = join(root, `models${n++}`);
  mkdirSync(join(models, 'stand-in'), { recursive: true });
  writeFileSync(join(models, 'stand-in', 'manifest.json'), '{"stand-in":true}');
  await pointCurrent(models, 'stand-in');
  return models;
}

const quiet = [
  '--log-level',
  'silent',
  '--db',
  ':memory:',
  '--reload-interval',
  '0',
  '--bootstrap-min-events',
  '0',
];

/** runDemo with its output captured and its signal handlers tracked; the caller stops it. */
async function demo(args: string[]) {
  let stderr = '';
  const s = await trackShutdown(async () => {
    const c = await capture(() => runDemo([...args, ...quiet]));
    stderr = c.stderr;
    if (c.error) throw c.error;
  });
  const stop = async () => {
    const exit = s.nextExit();
    s.term[0]();
    assert.equal(await exit, 0, 'SIGTERM closes the demo server, exit status 0');
    s.restore();
  };
  return { stderr, stop, shutdown: s };
}

before(async () => {
  // A small demo world (the default one takes minutes to train on).
  await ensureDemoData(data, { seed: 3, scale: 0.02 });
});

test('reco demo reuses the data and the bundle it finds, serves, and prints example requests', async () => {
  const models = await modelsWithBundle();
  const port = await freePort();
  const d = await demo(['--data', data, '--model', models, '--port', String(port)]);
  try {
    assert.match(d.stderr, new RegExp(`^using demo data in ${data}\\n`));
    assert.ok(
      d.stderr.includes(`using the existing bundle in ${models}/current (pass --retrain to train again)\n`),
      d.stderr,
    );
    assert.doesNotMatch(d.stderr, /retrieval \d+\/\d+/, 'nothing trained');
    assert.equal(readFileSync(join(models, 'current', 'manifest.json'), 'utf8'), '{"stand-in":true}');
    assert.match(d.stderr, /\nreco is ready after \d+\.\d s\. Try:\n/);
    const base = `http://localhost:${port}`;
    for (const line of [
      `  curl -s ${base}/recommendations/u1?k=5`,
      `  curl -s -X POST ${base}/events -H 'content-type: application/json'`,
      `  curl -s ${base}/items/new-1/similar?k=5`,
      `  curl -s ${base}/readyz`,
      `  open ${base}/docs for the API reference`,
    ])
      assert.ok(d.stderr.includes(line), line);
    assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200, 'it serves on --port');
    assert.equal((await fetch(`http://127.0.0.1:${port}/readyz`)).status, 503, 'the stand-in does not load');
  } finally {
    await d.stop();
  }
});

test('--retrain trains a bundle from the data even when one exists, and serves it', async () => {
  const models = await modelsWithBundle();
  const port = await freePort();
  const d = await demo(['--data', data, '--model', models, '--port', String(port), '--retrain']);
  try {
    assert.match(d.stderr, /^using demo data in /);
    assert.doesNotMatch(d.stderr, /using the existing bundle/);
    const manifest = JSON.parse(readFileSync(join(models, 'current', 'manifest.json'), 'utf8'));
    assert.equal(manifest.data.source, data, 'current now points at a bundle of the demo data');
    assert.equal(realpathSync(join(models, 'current')), join(realpathSync(models), manifest.version));
    assert.equal((await fetch(`http://127.0.0.1:${port}/readyz`)).status, 200, 'the new bundle is served');
    const rec = await fetch(`http://127.0.0.1:${port}/recommendations/u1?k=3`);
    assert.equal(rec.status, 200);
    assert.equal(((await rec.json()) as { items: unknown[] }).items.length, 3);
  } finally {
    await d.stop();
  }
});

test('bad flags fail before any data is generated', async () => {
  const missing = join(root, 'never');
  const bad = failure(await capture(() => runDemo(['--data', missing, '--port', 'x'])));
  assert.equal(bad.code, 'CONFIG_INVALID');
  assert.match(bad.message, /^--port: /);
  const unknown = failure(await capture(() => runDemo(['--data', missing, '--epochs', '1'])));
  assert.equal(unknown.code, 'ERR_PARSE_ARGS_UNKNOWN_OPTION');
  assert.equal(existsSync(missing), false);
});

test('the usage names the command and --retrain', () => {
  assert.match(DEMO_USAGE, /^reco demo \[--retrain\] \[--data DIR\]/);
});

test('reco demo serves with --workers auto unless told otherwise or the store is in memory', () => {
  const sqlite = { workers: 1, dbPath: 'data/events.sqlite', databaseUrl: '' };
  assert.equal(demoWorkers(sqlite, false), 0, 'auto: one per core (one where one core is seen)');
  assert.equal(demoWorkers({ ...sqlite, workers: 3 }, true), 3, '--workers / RECO_WORKERS win');
  assert.equal(demoWorkers({ ...sqlite, dbPath: ':memory:' }, false), 1, 'workers cannot share :memory:');
  assert.equal(demoWorkers({ ...sqlite, dbPath: ':memory:', databaseUrl: 'postgres://x' }, false), 0);
});
