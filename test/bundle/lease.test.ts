import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BundleLease, freshLeases, LEASE_DIR, LEASE_TTL_MS, leaseName } from '../../src/bundle/lease.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const root = tempDir('reco-lease-');
const bundle = (name: string) => {
  const d = join(root, name);
  mkdirSync(d, { recursive: true });
  return d;
};
const logs = () => {
  const seen: string[] = [];
  return {
    seen,
    log: { warn: (_o: object, m: string) => seen.push(m), error: (_o: object, m: string) => seen.push(m) },
  };
};

test('leaseName: host and pid, only file-name-safe characters', () => {
  const n = leaseName();
  assert.match(n, /^[A-Za-z0-9._-]+$/);
  assert.ok(n.endsWith(`-${process.pid}`));
});

test('freshLeases: files touched within the TTL; old ones, folders and a missing lease dir do not count', () => {
  const b = bundle('fresh');
  return (async () => {
    assert.deepEqual(await freshLeases(b), [], 'no lease folder');
    mkdirSync(join(b, LEASE_DIR, 'a-folder'), { recursive: true });
    writeFileSync(join(b, LEASE_DIR, 'new'), '{}');
    writeFileSync(join(b, LEASE_DIR, 'old'), '{}');
    const now = Date.now();
    const old = new Date(now - LEASE_TTL_MS - 1000);
    utimesSync(join(b, LEASE_DIR, 'old'), old, old);
    assert.deepEqual(await freshLeases(b, now), ['new']);
    assert.deepEqual((await freshLeases(b, now, 2 * LEASE_TTL_MS)).sort(), ['new', 'old']);
  })();
});

test('hold writes one lease per bundle (idempotent), drop and release remove them', async () => {
  const { log, seen } = logs();
  const lease = new BundleLease(log, 60_000);
  const [a, b] = [bundle('h1'), bundle('h2')];
  await lease.hold(a);
  await lease.hold(a);
  await lease.hold(b);
  assert.deepEqual(lease.held, [a, b]);
  const file = join(a, LEASE_DIR, leaseName());
  assert.equal(JSON.parse(readFileSync(file, 'utf8')).pid, process.pid);
  assert.deepEqual(await freshLeases(a), [leaseName()]);
  await lease.drop(a);
  assert.equal(existsSync(file), false);
  assert.deepEqual(lease.held, [b]);
  await lease.drop(a); // not held: nothing happens
  await lease.release();
  assert.deepEqual(lease.held, []);
  assert.deepEqual(readdirSync(join(b, LEASE_DIR)), []);
  assert.deepEqual(seen, []);
});

test('the refresh timer rewrites a lease file someone removed', async () => {
  const { log } = logs();
  const lease = new BundleLease(log, 20);
  const a = bundle('refresh');
  await lease.hold(a);
  rmSync(join(a, LEASE_DIR), { recursive: true });
  for (let i = 0; i < 100 && !existsSync(join(a, LEASE_DIR, leaseName())); i++)
    await new Promise((r) => setTimeout(r, 10));
  assert.ok(existsSync(join(a, LEASE_DIR, leaseName())), 'rewritten by the refresh');
  await lease.release();
});

test('a lease that cannot be written is warned about once and never throws', async () => {
  const { log, seen } = logs();
  const lease = new BundleLease(log, 60_000);
  const [a, b] = [bundle('ro1'), bundle('ro2')];
  // a file where the lease folder should be: no lease can go there (whoever runs the test)
  writeFileSync(join(a, LEASE_DIR), 'in the way');
  writeFileSync(join(b, LEASE_DIR), 'in the way');
  try {
    await lease.hold(a);
    await lease.hold(b);
    assert.equal(seen.length, 1);
    assert.match(seen[0], /cannot write a bundle lease/);
    assert.deepEqual(lease.held, [a, b], 'still held: the bundle is served all the same');
  } finally {
    await lease.release();
  }
});
