import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, mock, test } from 'node:test';
import { REFUSED_EXIT_CODE, type TrainReport } from '../../src/bundle/guard.ts';
import type { RecoEvent } from '../../src/data/types.ts';
import { createMemoryStore } from '../../src/events/memory-store.ts';
import type { EventStore } from '../../src/events/store.ts';
import type { ModelLoader, ReloadResult } from '../../src/serving/model-loader.ts';
import { Retrainer, type RetrainOptions, type RetrainOutcome } from '../../src/serving/retrainer.ts';
import { tempDir } from '../helpers/temp-dir.ts';

// The Retrainer runs `node bin/reco.js train …` as a child. Here NODE_OPTIONS preloads a
// stand-in that answers as `reco train` would (a verdict line on stdout, an exit status) and
// exits before the CLI loads, so each run is a real child process of a few milliseconds.
const root = tempDir('reco-retrainer-');
const fake = join(root, 'fake-train.mjs');
writeFileSync(
  fake,
  `import { writeFileSync } from 'node:fs';
const spec = JSON.parse(process.env.RECO_TEST_FAKE_TRAIN ?? '{"code":1}');
writeFileSync(spec.argvFile, JSON.stringify({ argv: process.argv.slice(2), db: process.env.RECO_DB_PATH }));
if (spec.hang) setInterval(() => {}, 1000);
else {
  process.stdout.write(spec.stdout ?? '');
  process.stderr.write(spec.stderr ?? '');
  process.exit(spec.code);
}
`,
);
const savedOptions = process.env.NODE_OPTIONS;
process.env.NODE_OPTIONS = `--import ${fake}`;
after(() => {
  if (savedOptions === undefined) delete process.env.NODE_OPTIONS;
  else process.env.NODE_OPTIONS = savedOptions;
  delete process.env.RECO_TEST_FAKE_TRAIN;
});
afterEach(() => mock.timers.reset());

const argvFile = join(root, 'argv.json');
/** What the next training child answers. */
function nextTraining(spec: { code?: number; stdout?: string; stderr?: string; hang?: boolean }): void {
  rmSync(argvFile, { force: true });
  process.env.RECO_TEST_FAKE_TRAIN = JSON.stringify({ argvFile, ...spec });
}
const childRan = () => existsSync(argvFile);
const childSaw = () => JSON.parse(readFileSync(argvFile, 'utf8')) as { argv: string[]; db: string };

const served: TrainReport = {
  status: 'served',
  message: 'the new bundle is serving',
  current: { version: 'v1', items: 10, users: 4, quality: 0.3 },
  candidate: { version: 'v2', items: 12, users: 5, quality: 0.35 },
  modelVersion: 'v2',
};

function logger() {
  const lines: { level: string; obj: Record<string, unknown>; msg: string }[] = [];
  const at = (level: string) => (obj: object, msg: string) =>
    lines.push({ level, obj: obj as Record<string, unknown>, msg });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

function fakeLoader(answer: () => Promise<ReloadResult>) {
  let reloads = 0;
  const loader = {
    reload: () => {
      reloads++;
      return answer();
    },
  } as unknown as ModelLoader;
  return { loader, reloads: () => reloads };
}

const events = (n: number): RecoEvent[] =>
  Array.from({ length: n }, (_, i) => ({ userId: `u${i}`, itemId: 'i', type: 'watch', timestamp: i }));

async function setup(o: Partial<RetrainOptions> = {}, stored = 5, answer?: () => Promise<ReloadResult>) {
  const store = createMemoryStore();
  await store.append(events(stored));
  const log = logger();
  const l = fakeLoader(
    answer ?? (async () => ({ changed: true, modelVersion: 'v2', previousVersion: 'v1' })),
  );
  const opts: RetrainOptions = {
    intervalMs: 0,
    modelDir: join(root, 'models'),
    storeLocation: join(root, 'events.db'),
    minNewEvents: 3,
    bootstrapMinEvents: 0,
    ...o,
  };
  const r = new Retrainer(store, l.loader, opts, log);
  return { store, log, r, opts, reloads: l.reloads };
}

test('too few new events: unchanged, and no training runs', async () => {
  nextTraining({ code: 0 });
  const { r, store } = await setup();
  await r.start(true);
  const o = await r.maybeRetrain();
  assert.equal(o.status, 'unchanged');
  assert.equal(o.message, '0 new events, fewer than the 3 a retraining needs');
  assert.ok(!Number.isNaN(Date.parse(o.at)));
  assert.equal(childRan(), false);
  await store.append(events(2));
  assert.match((await r.maybeRetrain()).message ?? '', /^2 new events/);
  assert.deepEqual(r.outcomes, { served: 0, refused: 0, failed: 0, unchanged: 2 });
  assert.equal(r.lastOutcome?.status, 'unchanged');
});

test('enough new events: trains from the store, reloads, and reports the verdict’s figures', async () => {
  nextTraining({ code: 0, stdout: `loading…\n${JSON.stringify(served)}\n` });
  const { r, store, opts, reloads } = await setup();
  await r.start(true);
  await store.append(events(3));
  const o = await r.maybeRetrain();
  assert.equal(o.status, 'served');
  assert.equal(o.message, served.message);
  assert.equal(o.modelVersion, 'v2');
  assert.deepEqual(o.current, served.current);
  assert.deepEqual(o.candidate, { items: 12, users: 5, quality: 0.35 });
  assert.ok(typeof o.ms === 'number' && o.ms >= 0);
  assert.equal(reloads(), 1);
  const saw = childSaw();
  assert.deepEqual(saw.argv, ['train', '--from-store', '--out', opts.modelDir]);
  assert.equal(saw.db, opts.storeLocation);
  assert.equal(r.busy, false);
  // the trained events are no longer new
  assert.equal((await r.maybeRetrain()).status, 'unchanged');
});

test('without a model every stored event counts as new', async () => {
  nextTraining({ code: 0, stdout: JSON.stringify(served) });
  const { r } = await setup({}, 3);
  await r.start(false);
  assert.equal((await r.maybeRetrain()).status, 'served');
});

test('a refusal by the guard is kept with its code and figures, and not retried on the same events', async () => {
  const refused: TrainReport = {
    ...served,
    status: 'refused',
    code: 'QUALITY_DROPPED',
    message: 'it scored lower',
  };
  nextTraining({ code: REFUSED_EXIT_CODE, stdout: JSON.stringify(refused) });
  const { r, log, reloads, store } = await setup({}, 5);
  await r.start(true);
  await store.append(events(3));
  const o = await r.maybeRetrain();
  assert.equal(o.status, 'refused');
  assert.equal(o.code, 'QUALITY_DROPPED');
  assert.equal(o.message, 'it scored lower');
  assert.deepEqual(o.current, served.current);
  assert.deepEqual(o.candidate, { items: 12, users: 5, quality: 0.35 });
  assert.equal(reloads(), 0, 'a refused bundle is not loaded');
  assert.ok(log.lines.some((l) => l.level === 'warn' && l.obj.code === 'QUALITY_DROPPED'));
  nextTraining({ code: 0, stdout: JSON.stringify(served) });
  const again = await r.maybeRetrain();
  assert.equal(again.status, 'unchanged');
  assert.equal(again.message, 'no new events since the last failed or refused training');
  assert.equal(childRan(), false);
  assert.equal((await r.maybeRetrain(true)).status, 'served', 'force trains whatever the count');
  assert.deepEqual(r.outcomes, { served: 1, refused: 1, failed: 0, unchanged: 1 });
});

test('after a refusal, more events retry: new events count from the last served training', async () => {
  nextTraining({
    code: REFUSED_EXIT_CODE,
    stdout: JSON.stringify({ ...served, status: 'refused', code: 'USERS_SHRANK' }),
  });
  const { r, store } = await setup({}, 5);
  await r.start(true);
  await store.append(events(3));
  assert.equal((await r.maybeRetrain()).status, 'refused');
  nextTraining({ code: 0, stdout: JSON.stringify(served) });
  await store.append(events(1));
  assert.equal((await r.maybeRetrain()).status, 'served', '4 events since the served bundle');
});

test('a crash is a failure with the exit status; stderr goes to the log, not the outcome', async () => {
  nextTraining({ code: 1, stderr: 'Error: out of memory at /secret/path' });
  const { r, log } = await setup({}, 5);
  await r.start(false);
  const o = await r.maybeRetrain();
  assert.deepEqual(
    { status: o.status, code: o.code, message: o.message },
    { status: 'failed', code: 'TRAINING_FAILED', message: 'the training exited with status 1' },
  );
  assert.ok(!JSON.stringify(o).includes('/secret/path'));
  assert.ok(log.lines.some((l) => l.level === 'error' && String(l.obj.stderr).includes('out of memory')));
});

test('exit status 3 without a refused verdict is a failure, not a refusal', async () => {
  nextTraining({ code: REFUSED_EXIT_CODE, stdout: 'no verdict' });
  const { r } = await setup({}, 5);
  await r.start(false);
  const o = await r.maybeRetrain();
  assert.equal(o.status, 'failed');
  assert.equal(o.code, 'TRAINING_FAILED');
});

test('a trained bundle the loader refuses: RELOAD_REFUSED, with the trained version', async () => {
  nextTraining({ code: 0, stdout: JSON.stringify(served) });
  const { r } = await setup({}, 5, async () => {
    throw new Error('bundle /models/x: broken');
  });
  await r.start(false);
  const o = await r.maybeRetrain();
  assert.equal(o.status, 'failed');
  assert.equal(o.code, 'RELOAD_REFUSED');
  assert.equal(o.modelVersion, 'v2');
  assert.ok(!o.message?.includes('/models'));
});

test('a reload that changes nothing is unchanged, unless the served version is the trained one', async () => {
  nextTraining({ code: 0, stdout: JSON.stringify(served) });
  const same = await setup({}, 5, async () => ({
    changed: false,
    modelVersion: 'v1',
    previousVersion: 'v1',
  }));
  await same.r.start(false);
  assert.equal((await same.r.maybeRetrain()).status, 'unchanged');
  nextTraining({ code: 0, stdout: JSON.stringify(served) });
  const raced = await setup({}, 5, async () => ({
    changed: false,
    modelVersion: 'v2',
    previousVersion: 'v2',
  }));
  await raced.r.start(false);
  assert.equal((await raced.r.maybeRetrain()).status, 'served', 'another reload got there first');
});

test('run options become flags of the training', async () => {
  nextTraining({ code: 0, stdout: JSON.stringify(served) });
  const { r } = await setup({ dataDir: '/data', trainArgs: ['--epochs', '1'] }, 5);
  await r.start(false);
  await r.maybeRetrain(true, { allowShrink: true, fresh: true });
  const { argv } = childSaw();
  assert.deepEqual(argv.slice(4), ['--data', '/data', '--allow-shrink', '--fresh', '--epochs', '1']);
});

test('concurrent calls share one training; busy while it runs', async () => {
  nextTraining({ code: 0, stdout: JSON.stringify(served) });
  const { r, reloads } = await setup({}, 5);
  await r.start(false);
  const a = r.maybeRetrain();
  const b = r.maybeRetrain(true, { allowShrink: true });
  assert.equal(a, b);
  assert.equal(r.busy, true);
  await a;
  assert.equal(r.busy, false);
  assert.equal(reloads(), 1);
  assert.ok(!childSaw().argv.includes('--allow-shrink'), 'the options of the call that started it');
});

test('a store that cannot be read: the run fails without naming why', async () => {
  const { log, opts } = await setup();
  const broken = {
    count: async () => Promise.reject(new Error('disk /var/x gone')),
  } as unknown as EventStore;
  const r2 = new Retrainer(broken, {} as ModelLoader, opts, log);
  const o = await r2.maybeRetrain(true);
  assert.deepEqual(
    { status: o.status, code: o.code, message: o.message },
    { status: 'failed', code: 'TRAINING_FAILED', message: 'the retraining could not run' },
  );
  assert.ok(log.lines.some((l) => l.msg === 'retraining could not run' && l.obj.err instanceof Error));
});

test('every outcome reaches the listener; a listener that throws is logged, the outcome kept', async () => {
  const { r, log } = await setup();
  await r.start(true);
  const heard: RetrainOutcome[] = [];
  r.onOutcome = (o) => heard.push(o);
  const o = await r.maybeRetrain();
  assert.deepEqual(heard, [o]);
  r.onOutcome = () => {
    throw new Error('listener bug');
  };
  assert.equal((await r.maybeRetrain()).status, 'unchanged');
  assert.ok(log.lines.some((l) => l.msg === 'retrain outcome listener failed'));
  assert.equal(r.outcomes.unchanged, 2);
});

test('stop ends a training in progress: a failure saying it was stopped', async () => {
  nextTraining({ hang: true });
  const { r } = await setup({}, 5);
  await r.start(false);
  const p = r.maybeRetrain();
  while (!childRan()) await new Promise((res) => setTimeout(res, 10));
  r.stop();
  const o = await p;
  assert.equal(o.status, 'failed');
  assert.equal(o.message, 'the training was stopped');
});

test('the schedule checks every interval; stop ends it', async () => {
  mock.timers.enable({ apis: ['setInterval'] });
  const { r } = await setup({ intervalMs: 60_000 });
  await r.start(true);
  const heard: RetrainOutcome[] = [];
  r.onOutcome = (o) => heard.push(o);
  mock.timers.tick(60_000);
  await new Promise((res) => setImmediate(res));
  assert.equal(heard.length, 1);
  assert.equal(heard[0].status, 'unchanged');
  r.stop();
  mock.timers.tick(120_000);
  await new Promise((res) => setImmediate(res));
  assert.equal(heard.length, 1);
});

test('without a model: trains once the posted events have settled, and not again on the same count', async () => {
  mock.timers.enable({ apis: ['setInterval', 'Date'], now: 1_000_000 });
  nextTraining({ code: 1 });
  const { r, store } = await setup({ bootstrapMinEvents: 4 }, 2);
  let ready = false;
  await r.start(false, () => ready);
  const heard: RetrainOutcome[] = [];
  r.onOutcome = (o) => heard.push(o);
  const second = async () => {
    mock.timers.tick(1000);
    for (let i = 0; i < 5; i++) await new Promise((res) => setImmediate(res));
  };
  for (let s = 0; s < 8; s++) await second();
  assert.equal(heard.length, 0, 'fewer events than bootstrapMinEvents');
  await store.append(events(2));
  await second(); // the count moved: settling starts again
  let waited = 0;
  while (!r.busy && heard.length === 0 && waited < 10) {
    await second();
    waited++;
  }
  assert.equal(waited, 5, 'five quiet seconds, then it trains');
  while (heard.length === 0) await new Promise((res) => setImmediate(res));
  assert.equal(heard[0].status, 'failed');
  for (let s = 0; s < 10; s++) await second();
  assert.equal(heard.length, 1, 'a failed count is not retried');
  ready = true;
  await second();
  r.stop();
});
