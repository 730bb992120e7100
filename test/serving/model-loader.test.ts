import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, mock, test } from 'node:test';
import { LEASE_DIR, leaseName } from '../../src/bundle/lease.ts';
import type { LoadedBundle } from '../../src/bundle/read.ts';
import { pointCurrent } from '../../src/bundle/write.ts';
import { isRecoError } from '../../src/errors.ts';
import { ModelLoader } from '../../src/serving/model-loader.ts';
import type { Recommender } from '../../src/serving/recommender.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { trainTinyBundle } from '../helpers/tiny-bundle.ts';

const root = tempDir('reco-loader-');
const models = join(root, 'models');
let trained: string;
let version: string;
const loaded: LoadedBundle[] = [];

before(async () => {
  const r = await trainTinyBundle(root);
  trained = realpathSync(r.dir);
  version = r.manifest.version;
  // a second copy of the bundle, and a broken one, to point `current` at
  cpSync(trained, join(models, 'copy'), { recursive: true });
  mkdirSync(join(models, 'broken'));
  writeFileSync(join(models, 'broken', 'manifest.json'), '{"truncated":');
});
afterEach(async () => {
  mock.timers.reset();
  await pointCurrent(models, trained.split('/').pop() as string);
});
after(() => {
  for (const b of loaded) b.dispose();
});

/** The engine's side the loader uses: install, the served version, item sync. */
function fakeEngine(fail?: Error) {
  let current: LoadedBundle | undefined;
  let syncs = 0;
  const engine = {
    install: async (b: LoadedBundle) => {
      loaded.push(b);
      if (fail) throw fail;
      current = b;
    },
    modelVersion: () => current?.manifest.version,
    syncItems: async () => {
      syncs++;
      return 0;
    },
  };
  return {
    engine: engine as unknown as Recommender,
    current: () => current,
    syncs: () => syncs,
  };
}

function logger() {
  const lines: { level: string; msg: string; obj: Record<string, unknown> }[] = [];
  const at = (level: string) => (obj: object, msg: string) =>
    lines.push({ level, msg, obj: obj as Record<string, unknown> });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

const leaseOf = (dir: string) => join(dir, LEASE_DIR, leaseName());

test('loads `current`, installs it, announces the swap and leases the bundle', async () => {
  const e = fakeEngine();
  const log = logger();
  const loader = new ModelLoader(e.engine, models, { minIndexRecall: 0 }, log);
  let swaps = 0;
  loader.onSwap = () => swaps++;
  const r = await loader.reload();
  assert.deepEqual(r, { changed: true, modelVersion: version, previousVersion: undefined });
  assert.equal(e.current()?.manifest.version, version);
  assert.equal(swaps, 1);
  assert.ok(existsSync(leaseOf(trained)), 'leased');
  assert.ok(log.lines.some((l) => l.msg === 'model bundle loaded' && l.obj.version === version));
  await loader.stop();
  assert.ok(!existsSync(leaseOf(trained)), 'stop gives the lease up');
});

test('a second reload with `current` unchanged changes nothing', async () => {
  const e = fakeEngine();
  const loader = new ModelLoader(e.engine, models, { minIndexRecall: 0 }, logger());
  await loader.reload();
  const first = e.current();
  const r = await loader.reload();
  assert.deepEqual(r, { changed: false, modelVersion: version, previousVersion: version });
  assert.equal(e.current(), first);
  await loader.stop();
});

test('concurrent reloads share one load', async () => {
  const e = fakeEngine();
  const loader = new ModelLoader(e.engine, models, { minIndexRecall: 0 }, logger());
  const before = loaded.length;
  const a = loader.reload();
  const b = loader.reload();
  assert.equal(a, b);
  await a;
  assert.equal(loaded.length, before + 1);
  await loader.stop();
});

test('announce: false swaps without telling the other workers', async () => {
  const e = fakeEngine();
  const loader = new ModelLoader(e.engine, models, { minIndexRecall: 0 }, logger());
  let swaps = 0;
  loader.onSwap = () => swaps++;
  assert.equal((await loader.reload({ announce: false })).changed, true);
  assert.equal(swaps, 0);
  await loader.stop();
});

test('a repointed `current` is loaded; the lease moves to the new bundle', async () => {
  const e = fakeEngine();
  const loader = new ModelLoader(e.engine, models, { minIndexRecall: 0 }, logger());
  await loader.reload();
  const old = e.current();
  await pointCurrent(models, 'copy');
  const r = await loader.reload();
  assert.equal(r.changed, true);
  assert.equal(r.previousVersion, version);
  assert.notEqual(e.current(), old);
  assert.equal(e.current()?.dir, realpathSync(join(models, 'copy')));
  assert.ok(existsSync(leaseOf(join(models, 'copy'))));
  assert.ok(!existsSync(leaseOf(trained)), 'the old bundle may be collected now');
  await loader.stop();
});

test('a broken bundle is refused with BUNDLE_INVALID; the served one keeps serving and keeps its lease', async () => {
  const e = fakeEngine();
  const log = logger();
  const loader = new ModelLoader(e.engine, models, { minIndexRecall: 0 }, log);
  await loader.reload();
  const served = e.current();
  await pointCurrent(models, 'broken');
  await assert.rejects(loader.reload(), (err: unknown) => isRecoError(err) && err.code === 'BUNDLE_INVALID');
  assert.equal(e.current(), served);
  assert.ok(existsSync(leaseOf(trained)));
  assert.ok(!existsSync(leaseOf(join(models, 'broken'))), 'no lease left on the refused bundle');
  assert.ok(
    log.lines.some((l) => l.level === 'error' && l.msg === 'model bundle refused; keeping the current one'),
  );
  await loader.stop();
});

test('a bundle below the recall floor is refused', async () => {
  const loader = new ModelLoader(fakeEngine().engine, models, { minIndexRecall: 1.01 }, logger());
  await assert.rejects(loader.reload(), /below the floor/);
  await loader.stop();
});

test('an engine that cannot install the bundle: the load fails and the lease is dropped', async () => {
  const loader = new ModelLoader(
    fakeEngine(new Error('warm-up failed')).engine,
    models,
    { minIndexRecall: 0 },
    logger(),
  );
  await assert.rejects(loader.reload(), /warm-up failed/);
  assert.ok(!existsSync(leaseOf(trained)));
  await loader.stop();
});

test('a models directory without `current` is refused', async () => {
  const empty = join(root, 'empty');
  mkdirSync(empty);
  const loader = new ModelLoader(fakeEngine().engine, empty, { minIndexRecall: 0 }, logger());
  await assert.rejects(loader.reload(), (err: unknown) => isRecoError(err) && err.code === 'BUNDLE_INVALID');
  await loader.stop();
});

test('watch polls `current` and the items of other replicas every interval; 0 never', async () => {
  mock.timers.enable({ apis: ['setInterval'] });
  const e = fakeEngine();
  const loader = new ModelLoader(e.engine, models, { minIndexRecall: 0 }, logger());
  loader.watch(0);
  mock.timers.tick(60_000);
  assert.equal(e.syncs(), 0);
  loader.watch(1000);
  mock.timers.tick(1000);
  assert.equal(e.syncs(), 1);
  mock.timers.tick(2000);
  assert.equal(e.syncs(), 3);
  await loader.reload(); // the load the first tick started
  await loader.stop();
  mock.timers.tick(5000);
  assert.equal(e.syncs(), 3, 'stop ends the polling');
});

test('stop during a reload waits for it and leaves no lease behind', async () => {
  const e = fakeEngine();
  const loader = new ModelLoader(e.engine, models, { minIndexRecall: 0 }, logger());
  const reloading = loader.reload();
  await loader.stop();
  await reloading;
  assert.ok(!existsSync(leaseOf(trained)), 'the reload that landed during stop holds no lease');
});
