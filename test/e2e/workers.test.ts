import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { spawnServe } from '../helpers/serve-process.ts';
import { trainTinyBundle } from '../helpers/tiny-bundle.ts';

// `reco serve --workers 2`: two processes behind one port. Every request here opens its own
// connection, so the kernel's round-robin spreads them over both workers; what one worker
// acknowledged or loaded must show on the other at once.
const root = mkdtempSync(join(tmpdir(), 'reco-workers-'));
let server: ChildProcess | undefined;
after(() => {
  server?.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

const port = 40_000 + Math.floor(Math.random() * 20_000);

/** One request on a fresh connection (no keep-alive pool pinning it to one worker). */
function call(method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent: false,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const metric = (text: string, line: RegExp) =>
  text
    .split('\n')
    .filter((l) => line.test(l))
    .reduce((s, l) => s + Number(l.split(' ').pop()), 0);

test('two workers: events, reloads and metrics reach both', { timeout: 180_000 }, async () => {
  await trainTinyBundle(root, { seed: 3 });
  server = spawnServe({
    models: join(root, 'models'),
    db: join(root, 'events.sqlite'),
    port,
    extra: ['--workers', '2'],
  });
  // Ready when the cluster's metrics count two workers serving a bundle.
  for (let i = 0; ; i++) {
    const r = await call('GET', '/metrics').catch(() => ({ status: 0, text: '' }));
    if (r.status === 200 && metric(r.text, /^reco_ready /) === 2) break;
    if (i > 1200) throw new Error('workers did not become ready');
    await new Promise((r) => setTimeout(r, 100));
  }

  const user = 'u1';
  const recs = async () => {
    const r = await call('GET', `/recommendations/${user}?k=10`);
    assert.equal(r.status, 200, r.text);
    return JSON.parse(r.text) as { modelVersion: string; items: { itemId: string }[] };
  };
  const first = await Promise.all([recs(), recs(), recs(), recs()]);
  const top = first[0].items[0].itemId;
  // Each worker built and cached u1's state once: two misses over the cluster.
  const m1 = (await call('GET', '/metrics')).text;
  assert.equal(metric(m1, /^reco_user_cache_misses /), 2, 'both workers served u1');

  // A dislike acknowledged by one worker removes the item on every worker.
  const posted = await call('POST', '/events', { userId: user, itemId: top, type: 'dislike' });
  assert.equal(posted.status, 202, posted.text);
  for (const r of [await recs(), await recs(), await recs(), await recs()]) {
    assert.ok(!r.items.some((it) => it.itemId === top), `disliked ${top} still recommended`);
  }

  // A new bundle, reloaded through one worker, is served by all.
  const before = first[0].modelVersion;
  await trainTinyBundle(root, { seed: 4 });
  const next = JSON.parse(readFileSync(join(root, 'models', 'current', 'manifest.json'), 'utf8')).version;
  assert.notEqual(next, before);
  const reload = await call('POST', '/admin/reload');
  assert.equal(reload.status, 200, reload.text);
  let versions: string[] = [];
  for (let i = 0; i < 100; i++) {
    versions = (await Promise.all([recs(), recs(), recs(), recs()])).map((r) => r.modelVersion);
    if (versions.every((v) => v === next)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.deepEqual(versions, [next, next, next, next]);

  // An item hidden through one worker leaves the lists of both (no poll runs: the primary relays
  // the nudge and the other worker reads the flags from the store).
  const shown = (await recs()).items[0].itemId;
  const hide = await call('PATCH', `/items/${shown}`, { hidden: true });
  assert.equal(hide.status, 200, hide.text);
  let lists: string[][] = [];
  for (let i = 0; i < 40; i++) {
    lists = (await Promise.all([recs(), recs(), recs(), recs()])).map((r) => r.items.map((it) => it.itemId));
    if (lists.every((l) => !l.includes(shown))) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.ok(
    lists.every((l) => !l.includes(shown)),
    `hidden ${shown} still recommended`,
  );

  // GET /metrics sums the workers' counters.
  const m2 = (await call('GET', '/metrics')).text;
  assert.ok(
    metric(
      m2,
      /^reco_http_request_duration_seconds_count\{method="GET",route="\/recommendations\/:userId"/,
    ) >= 12,
  );

  // SIGTERM: the primary stops both workers gracefully and exits 0.
  const exited = new Promise<number | null>((r) => server!.once('exit', (code) => r(code)));
  server.kill('SIGTERM');
  assert.equal(await exited, 0);
  server = undefined;
});
