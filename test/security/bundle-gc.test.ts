import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { BUNDLE_NAME, collectBundles } from '../../src/bundle/gc.ts';
import { BundleLease, LEASE_DIR, LEASE_TTL_MS, leaseName } from '../../src/bundle/lease.ts';
import { pointCurrent } from '../../src/bundle/write.ts';
import { createMemoryStore } from '../../src/events/memory-store.ts';
import { ModelLoader } from '../../src/serving/model-loader.ts';
import { DEFAULT_RECOMMENDER, Recommender } from '../../src/serving/recommender.ts';
import { trainTinyBundle } from '../helpers/tiny-bundle.ts';

// Every retrain writes a bundle directory; without a clean-up they fill the volume (one
// POST /admin/retrain at a time). The clean-up must never take the bundle `current` points at,
// one a server still serves, or anything that is not a reco bundle.
const root = mkdtempSync(join(tmpdir(), 'reco-gc-'));
after(() => rmSync(root, { recursive: true, force: true }));
const silent = { info() {}, warn() {}, error() {} };

const name = (day: number) => `202601${String(day).padStart(2, '0')}-000000000-0000000${day % 10}`;
function fakeBundle(
  models: string,
  dirName: string,
  manifest: object = { formatVersion: 2, version: dirName },
) {
  mkdirSync(join(models, dirName), { recursive: true });
  writeFileSync(join(models, dirName, 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(join(models, dirName, 'items.json'), '{}');
}
function freshDir(label: string): string {
  const d = join(root, label);
  mkdirSync(d, { recursive: true });
  return d;
}
const lease = (bundle: string, ageMs: number) => {
  mkdirSync(join(bundle, LEASE_DIR), { recursive: true });
  const file = join(bundle, LEASE_DIR, 'otherhost-42');
  writeFileSync(file, '{}');
  const t = new Date(Date.now() - ageMs);
  utimesSync(file, t, t);
};

test('keeps current and the newest N; ignores what is not a bundle and never follows symlinks', async () => {
  const models = freshDir('m1');
  for (let d = 1; d <= 6; d++) fakeBundle(models, name(d));
  await pointCurrent(models, name(2));
  // Look-alikes that must all survive.
  fakeBundle(models, 'notes');
  fakeBundle(models, '20260101-000000000-zzzzzzzz');
  mkdirSync(join(models, '20250101-000000000-aaaaaaaa'));
  fakeBundle(models, '20250102-000000000-aaaaaaab', { formatVersion: 2, version: 'something-else' });
  fakeBundle(models, `.tmp-${name(7)}-123`, { formatVersion: 2, version: name(7) });
  writeFileSync(join(models, '20250103-000000000-aaaaaaac'), 'a file');
  const outside = freshDir('outside');
  fakeBundle(outside, '20240101-000000000-bbbbbbbb');
  symlinkSync(join(outside, '20240101-000000000-bbbbbbbb'), join(models, '20240101-000000000-bbbbbbbb'));
  for (const w of [1, 2, 3]) {
    const v = `wals-2026010${w}00000000${w}`;
    fakeBundle(models, v, { kind: 'wals-baseline', version: v });
  }
  const before = readdirSync(models).sort();

  const dry = await collectBundles(models, { keep: 2, dryRun: true });
  assert.deepEqual(readdirSync(models).sort(), before, 'a dry run deletes nothing');
  const r = await collectBundles(models, { keep: 2 });
  assert.deepEqual(r, dry);
  assert.equal(r.current, name(2));
  const sorted = (a: string[]) => [...a].sort();
  assert.deepEqual(
    sorted(r.kept),
    sorted([name(6), name(5), 'wals-20260103000000003', 'wals-20260102000000002']),
  );
  assert.deepEqual(sorted(r.removed), sorted([name(4), name(3), name(1), 'wals-20260101000000001']));
  const left = new Set(readdirSync(models));
  for (const gone of r.removed) assert.ok(!left.has(gone), gone);
  for (const kept of before.filter((n) => !r.removed.includes(n))) assert.ok(left.has(kept), `${kept} kept`);
  assert.ok(
    existsSync(join(outside, '20240101-000000000-bbbbbbbb', 'manifest.json')),
    'symlink target intact',
  );

  // keep 0: only current (the oldest here) stays of the served bundles.
  const r0 = await collectBundles(models, { keep: 0 });
  assert.deepEqual(
    sorted(r0.removed),
    sorted([name(6), name(5), 'wals-20260103000000003', 'wals-20260102000000002']),
  );
  assert.ok(existsSync(join(models, name(2), 'manifest.json')), 'current is never deleted');
});

test('a leased bundle is kept until its lease is older than the TTL', async () => {
  const models = freshDir('m2');
  for (let d = 1; d <= 3; d++) fakeBundle(models, name(d));
  await pointCurrent(models, name(3));
  lease(join(models, name(1)), 60_000);
  const r = await collectBundles(models, { keep: 0 });
  assert.deepEqual(r.leased, [name(1)]);
  assert.deepEqual(r.removed, [name(2)]);
  // The clock moves past the TTL: the server that held it is taken for dead.
  const later = await collectBundles(models, { keep: 0, now: Date.now() + LEASE_TTL_MS, dryRun: true });
  assert.deepEqual(later.removed, [name(1)]);
  // The same with a short TTL injected.
  const short = await collectBundles(models, { keep: 0, leaseTtlMs: 30_000 });
  assert.deepEqual(short.removed, [name(1)]);
  assert.ok(!existsSync(join(models, name(1))));
});

test('a lease is refreshed by its own timer and removed on release', async () => {
  const dir = freshDir('leased');
  const l = new BundleLease(silent, 20);
  await l.hold(dir);
  const file = join(dir, LEASE_DIR, leaseName());
  const old = new Date(Date.now() - 3_600_000);
  utimesSync(file, old, old);
  await new Promise((r) => setTimeout(r, 120));
  assert.ok(Date.now() - statSync(file).mtimeMs < 5_000, 'touched again');
  rmSync(file);
  await new Promise((r) => setTimeout(r, 120));
  assert.ok(existsSync(file), 'rewritten when it went missing');
  await l.release();
  assert.ok(!existsSync(file));
});

test('a serving loader leases its bundle; reco train cleans up but leaves it until the swap', {
  timeout: 60_000,
}, async () => {
  const a = await trainTinyBundle(root, { scale: 0.05, epochs: 1, source: 'gc-a' });
  const models = join(root, 'models');
  assert.match(a.manifest.version, BUNDLE_NAME, 'the pattern GC trusts is the one training writes');
  const engine = new Recommender({ ...DEFAULT_RECOMMENDER, store: createMemoryStore() });
  const loader = new ModelLoader(engine, models, { minIndexRecall: 0 }, silent);
  try {
    await loader.reload();
    loader.watch(0); // no polling: the lease must live on regardless
    const leaseOf = (dir: string) => join(dir, LEASE_DIR, leaseName());
    assert.ok(existsSync(leaseOf(a.dir)), 'the served bundle carries our lease');

    // A newer bundle becomes current; the old one is still served until the loader reloads.
    const b = await trainTinyBundle(root, { scale: 0.05, epochs: 1, seed: 5, source: 'gc-b' });
    const r = spawnSync(
      process.execPath,
      [
        'bin/reco.js',
        'train',
        '--data',
        join(root, 'data'),
        '--out',
        models,
        '--keep-bundles',
        '0',
        '--epochs',
        '1',
        '--ranker-epochs',
        '1',
      ],
      { encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr.slice(-2000));
    const c = JSON.parse(r.stdout.trim().split('\n').at(-1)!).modelVersion as string;
    const left = readdirSync(models).filter((n) => BUNDLE_NAME.test(n));
    assert.ok(left.includes(c), 'the new current');
    assert.ok(left.includes(a.manifest.version), 'the leased, still-served bundle');
    assert.ok(!left.includes(b.manifest.version), 'an unleased old one is gone');

    await loader.reload();
    assert.equal(engine.modelVersion(), c);
    assert.ok(!existsSync(leaseOf(a.dir)), 'the lease moved with the swap');
    assert.deepEqual((await collectBundles(models, { keep: 0 })).removed, [a.manifest.version]);
    const served = join(models, c);
    assert.ok(existsSync(leaseOf(served)));
    await loader.stop();
    assert.ok(!existsSync(leaseOf(served)), 'stop removes the lease');
  } finally {
    await loader.stop();
    await engine.close();
  }
});
