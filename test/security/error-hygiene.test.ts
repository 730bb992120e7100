import assert from 'node:assert/strict';
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { pointCurrent } from '../../src/bundle/write.ts';
import { createMemoryStore } from '../../src/events/memory-store.ts';
import { buildApp } from '../../src/http/app.ts';
import { ModelLoader } from '../../src/serving/model-loader.ts';
import { DEFAULT_RECOMMENDER, Recommender } from '../../src/serving/recommender.ts';
import { trainTinyBundle } from '../helpers/tiny-bundle.ts';

// A damaged bundle is a 422 naming the bundle, never a 500, and the served one keeps serving;
// no error body and no info line shows a path of this host, a stack, SQL or a key.
const root = mkdtempSync(join(tmpdir(), 'reco-hygiene-'));
const models = join(root, 'models');
const ADMIN = 'admin-secret-key-42';
const CLIENT = 'client-secret-key-42';
const lines: string[] = [];
let app: FastifyInstance;
let good: string;

before(async () => {
  const r = await trainTinyBundle(root, { scale: 0.05, epochs: 1, dim: 8, hidden: 16 });
  good = r.manifest.version;
  const engine = new Recommender({ ...DEFAULT_RECOMMENDER, store: createMemoryStore() });
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const log = pino({ level: 'info' }, sink);
  const loader = new ModelLoader(engine, models, { minIndexRecall: 0.5 }, log);
  app = await buildApp({
    engine,
    store: createMemoryStore(),
    logger: { level: 'info', stream: sink },
    apiKeys: CLIENT,
    adminKeys: ADMIN,
    loopbackOnly: false,
    reload: () => loader.reload(),
  });
  await app.ready();
  assert.equal(
    (await app.inject({ method: 'POST', url: '/admin/reload', headers: { 'x-api-key': ADMIN } })).statusCode,
    200,
  );
});

after(async () => {
  await app?.close();
  rmSync(root, { recursive: true, force: true });
});

/** A copy of the good bundle under a new name, damaged by `harm`. */
function damaged(name: string, harm: (dir: string) => void): string {
  const dir = join(models, name);
  cpSync(join(models, good), dir, { recursive: true });
  harm(dir);
  return name;
}

const DAMAGES: [string, (dir: string) => void][] = [
  ['missing retrieval weights', (d) => unlinkSync(join(d, 'retrieval.weights.bin'))],
  ['truncated retrieval weights', (d) => truncateSync(join(d, 'retrieval.weights.bin'), 100)],
  ['truncated ranker weights', (d) => truncateSync(join(d, 'ranker.weights.bin'), 10)],
  ['empty weight manifest', (d) => truncateSync(join(d, 'ranker.weights.json'), 0)],
  ['truncated manifest', (d) => truncateSync(join(d, 'manifest.json'), 40)],
  ['missing vocab', (d) => unlinkSync(join(d, 'vocab.json'))],
  ['truncated items', (d) => truncateSync(join(d, 'items.json'), 30)],
  [
    'truncated index',
    (d) => {
      const f = readdirSync(d).find((x) => x.startsWith('index') && !x.endsWith('.json'));
      if (f) truncateSync(join(d, f), 64);
      else unlinkSync(join(d, 'manifest.json'));
    },
  ],
  [
    'missing index',
    (d) => {
      // The trainer picks exact search when it times faster (a loaded machine can tip it), and an
      // exact index has no file: declare HNSW so the bundle names an index file that is gone.
      const path = join(d, 'manifest.json');
      const man = JSON.parse(readFileSync(path, 'utf8'));
      man.kinds.index = 'hnsw';
      man.files.index ??= 'index.hnsw';
      writeFileSync(path, JSON.stringify(man));
      for (const f of readdirSync(d)) if (f.startsWith('index')) unlinkSync(join(d, f));
    },
  ],
];

for (const [what, harm] of DAMAGES) {
  test(`a bundle with ${what}: 422 naming it, the served model keeps serving`, async () => {
    const name = damaged(`20990101-000000-${what.replace(/\W+/g, '').slice(0, 8)}`, harm);
    await pointCurrent(models, name);
    const res = await app.inject({ method: 'POST', url: '/admin/reload', headers: { 'x-api-key': ADMIN } });
    assert.equal(res.statusCode, 422, `${what}: ${res.body}`);
    const body = res.json();
    assert.equal(body.error.code, 'BUNDLE_INVALID');
    assert.ok(body.error.message.includes(name), `names the bundle: ${body.error.message}`);
    assert.ok(!res.body.includes(root) && !res.body.includes(tmpdir()), `no host path: ${res.body}`);
    const rec = await app.inject({ url: '/recommendations/u1', headers: { 'x-api-key': CLIENT } });
    assert.equal(rec.statusCode, 200);
    assert.equal(rec.json().modelVersion, good);
  });
}

test('no info line or error body shows a path, a stack, SQL or a key', async () => {
  await app.inject({ url: '/recommendations/u1?k=0x10', headers: { 'x-api-key': CLIENT } });
  await app.inject({
    url: `/recommendations/u1?token=${CLIENT}`,
    headers: { 'x-api-key': 'wrong-guess-key' },
  });
  await app.inject({ method: 'POST', url: '/events', headers: { 'x-api-key': CLIENT }, payload: '{"a":' });
  const info = lines.map((l) => JSON.parse(l)).filter((l) => l.level <= 30);
  assert.ok(info.length > 5);
  const text = info.map((l) => JSON.stringify(l)).join('\n');
  for (const bad of [root, tmpdir(), CLIENT, ADMIN, 'wrong-guess-key', '    at ', 'SELECT ', 'INSERT '])
    assert.ok(!text.includes(bad), `info logs contain ${JSON.stringify(bad)}`);
  void readFileSync;
});
