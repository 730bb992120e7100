import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError } from '../../src/errors.ts';
import { isLoopbackAddress, resolveExposure } from '../../src/http/exposure.ts';

const cfg = (o: Partial<Parameters<typeof resolveExposure>[0]>) => ({
  host: '',
  apiKeys: '',
  adminKeys: '',
  insecureOpen: false,
  ...o,
});

test('no keys: loopback by default; any other address refuses to start unless --insecure-open', () => {
  const local = resolveExposure(cfg({}));
  assert.equal(local.host, '127.0.0.1');
  assert.equal(local.loopbackOnly, true);
  assert.equal(local.clientKeys, false);
  for (const host of ['0.0.0.0', '::', '10.0.0.5', 'reco.internal']) {
    assert.throws(
      () => resolveExposure(cfg({ host })),
      (e: Error) => {
        assert.ok(e instanceof ConfigError);
        assert.match(e.message, /RECO_API_KEYS/);
        assert.match(e.message, /--insecure-open/);
        return true;
      },
    );
  }
  const open = resolveExposure(cfg({ host: '0.0.0.0', insecureOpen: true }));
  assert.equal(open.loopbackOnly, false);
  assert.match(open.warning ?? '', /no API keys/);
  assert.match(open.warning ?? '', /admin routes are off/);
});

test('with keys: every interface by default (what a pod needs), any host allowed', () => {
  const e = resolveExposure(cfg({ apiKeys: 'k' }));
  assert.equal(e.host, '0.0.0.0');
  assert.equal(e.clientKeys, true);
  assert.equal(e.adminKeys, false);
  assert.equal(e.warning, undefined);
  assert.equal(resolveExposure(cfg({ apiKeys: 'k', adminKeys: 'a', host: '10.0.0.5' })).adminKeys, true);
  // Admin keys alone do not open client routes to the network.
  assert.throws(() => resolveExposure(cfg({ adminKeys: 'a', host: '0.0.0.0' })), ConfigError);
});

test('loopback addresses', () => {
  for (const a of ['127.0.0.1', '127.9.9.9', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1'])
    assert.ok(isLoopbackAddress(a), a);
  for (const a of ['0.0.0.0', '::', '10.0.0.1', '::ffff:10.0.0.1', '128.0.0.1', 'example.com', undefined, ''])
    assert.ok(!isLoopbackAddress(a), String(a));
});

function run(args: string[], env: Record<string, string> = {}, untilMs = 20_000) {
  return new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, ['bin/reco.js', 'serve', ...args], {
      env: { ...process.env, RECO_API_KEYS: '', RECO_ADMIN_KEYS: '', RECO_HOST: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const collect = (d: Buffer) => {
      out += d;
      if (/"msg":"access"/.test(out)) child.kill('SIGTERM');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), untilMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

test('reco serve on 0.0.0.0 without keys exits with the how-to; with --insecure-open it warns', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'reco-exposure-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const base = ['--model', join(dir, 'models'), '--db', join(dir, 'e.sqlite'), '--port', '0'];
  const refused = await run([...base, '--host', '0.0.0.0']);
  assert.notEqual(refused.code, 0);
  assert.match(refused.out, /refusing to listen on 0\.0\.0\.0 without API keys/);
  const open = await run([...base, '--host', '0.0.0.0', '--insecure-open', '--bootstrap-min-events', '0']);
  assert.match(open.out, /"level":40.*insecure-open/, 'a warning at start');
});

test('the default demo-style server is not reachable from another interface', async (t) => {
  const external = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
  if (!external) return t.skip('no non-loopback interface on this machine');
  const { buildApp } = await import('../../src/http/app.ts');
  const { FakeEngine } = await import('../helpers/fake-engine.ts');
  const { createMemoryStore } = await import('../../src/events/memory-store.ts');
  const app = await buildApp({ engine: new FakeEngine(), store: createMemoryStore() });
  t.after(() => app.close());
  await app.listen({ port: 0, host: resolveExposure(cfg({})).host });
  const port = (app.server.address() as { port: number }).port;
  const res = await fetch(`http://${external}:${port}/healthz`).then(
    (r) => r.status,
    (e: Error & { cause?: { code?: string } }) => e.cause?.code ?? e.message,
  );
  assert.equal(res, 'ECONNREFUSED');
});
