import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BUNDLE_NAME, collectBundles } from '../../src/bundle/gc.ts';
import { LEASE_DIR } from '../../src/bundle/lease.ts';
import { pointCurrent } from '../../src/bundle/write.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const root = tempDir('reco-gc-unit-');
let n = 0;
const models = () => {
  const d = join(root, `m${n++}`);
  mkdirSync(d, { recursive: true });
  return d;
};
const name = (day: number) => `202602${String(day).padStart(2, '0')}-120000000-deadbee${day % 10}`;
const bundle = (dir: string, v: string, manifest: unknown = { formatVersion: 2, version: v }) => {
  mkdirSync(join(dir, v), { recursive: true });
  writeFileSync(
    join(dir, v, 'manifest.json'),
    typeof manifest === 'string' ? manifest : JSON.stringify(manifest),
  );
};

test('BUNDLE_NAME: the names reco train gives, nothing else', () => {
  assert.ok(BUNDLE_NAME.test('20260101-000000000-0123abcd'));
  for (const bad of ['20260101-000000000-0123ABCD', '2026011-000000000-0123abcd', 'current', '.tmp-x', 'v1'])
    assert.equal(BUNDLE_NAME.test(bad), false, bad);
});

test('a models directory that does not exist: nothing to do', async () => {
  assert.deepEqual(await collectBundles(join(root, 'nope'), { keep: 1 }), {
    kept: [],
    leased: [],
    removed: [],
  });
});

test('without current every bundle competes for the kept places; removals are listed newest first', async () => {
  const m = models();
  for (let d = 1; d <= 5; d++) bundle(m, name(d));
  const r = await collectBundles(m, { keep: 2 });
  assert.equal(r.current, undefined);
  assert.deepEqual(r.kept, [name(5), name(4)]);
  assert.deepEqual(r.removed, [name(3), name(2), name(1)]);
  assert.deepEqual(readdirSync(m).sort(), [name(4), name(5)]);
});

test('keep is floored and never negative', async () => {
  const m = models();
  for (let d = 1; d <= 3; d++) bundle(m, name(d));
  assert.deepEqual((await collectBundles(m, { keep: 1.9, dryRun: true })).kept, [name(3)]);
  assert.deepEqual((await collectBundles(m, { keep: -4, dryRun: true })).removed, [
    name(3),
    name(2),
    name(1),
  ]);
});

test('a manifest that is not JSON, lacks formatVersion, or is a folder: not ours, kept', async () => {
  const m = models();
  bundle(m, name(1), '{ broken');
  bundle(m, name(2), { version: name(2) });
  mkdirSync(join(m, name(3), 'manifest.json'), { recursive: true });
  bundle(m, 'wals-20260101000000001', { kind: 'something', version: 'wals-20260101000000001' });
  const r = await collectBundles(m, { keep: 0 });
  assert.deepEqual(r, { kept: [], leased: [], removed: [] });
  assert.equal(readdirSync(m).length, 4);
});

test('a lease counts by the clock and TTL given; only a fresh one protects', async () => {
  const m = models();
  for (let d = 1; d <= 2; d++) bundle(m, name(d));
  mkdirSync(join(m, name(1), LEASE_DIR));
  const f = join(m, name(1), LEASE_DIR, 'host-1');
  writeFileSync(f, '{}');
  const t = new Date(1_000_000);
  utimesSync(f, t, t);
  const at = (now: number) => collectBundles(m, { keep: 0, now, leaseTtlMs: 5000, dryRun: true });
  assert.deepEqual((await at(1_004_000)).leased, [name(1)]);
  assert.deepEqual((await at(1_006_000)).removed, [name(2), name(1)]);
});

test('current is kept outside the count of the newest', async () => {
  const m = models();
  for (let d = 1; d <= 3; d++) bundle(m, name(d));
  await pointCurrent(m, name(1));
  const r = await collectBundles(m, { keep: 1 });
  assert.equal(r.current, name(1));
  assert.deepEqual(r.kept, [name(3)]);
  assert.deepEqual(r.removed, [name(2)]);
  assert.ok(existsSync(join(m, 'current', 'manifest.json')));
});
