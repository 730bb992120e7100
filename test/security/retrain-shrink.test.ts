import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { BundleItems, BundleUser } from '../../src/bundle/contents.ts';
import { judge, REFUSED_EXIT_CODE } from '../../src/bundle/guard.ts';
import { createMemoryStore } from '../../src/events/memory-store.ts';
import { openSqliteStore } from '../../src/events/sqlite-store.ts';
import type { EventStore } from '../../src/events/store.ts';
import { ModelLoader } from '../../src/serving/model-loader.ts';
import { DEFAULT_RECOMMENDER, Recommender } from '../../src/serving/recommender.ts';
import { Retrainer, type RetrainOutcome } from '../../src/serving/retrainer.ts';
import { trainTinyBundle } from '../helpers/tiny-bundle.ts';

// The attack: a served bundle knows a catalogue of N items and their users; a stranger posts
// events about 10 items of their own and asks for a retrain. The store holds nothing else (the
// bundle was trained from a data directory), so a training "from the store" used to produce
// a 10-item bundle and serve it. Now the retrain keeps the served world, and a deliberate
// shrink is refused unless an operator allows it.
const root = mkdtempSync(join(tmpdir(), 'reco-shrink-'));
const models = join(root, 'models');
const db = join(root, 'events.sqlite');
const TRAIN_ARGS = ['--epochs', '2', '--ranker-epochs', '1'];
const warnings: string[] = [];
const log = {
  info() {},
  warn(_o: object, msg: string) {
    warnings.push(msg);
  },
  error() {},
};
let originalItems: string[] = [];
let originalUsers = 0;
let engine: Recommender;
let loader: ModelLoader;
let store: EventStore;
let retrainer: Retrainer;
const seen: RetrainOutcome[] = [];

const current = () => realpathSync(join(models, 'current'));
const bundleDirs = () => readdirSync(models).filter((n) => /^\d{8}-/.test(n));
const itemsOf = (dir: string) =>
  (JSON.parse(readFileSync(join(dir, 'items.json'), 'utf8')) as BundleItems).items.map((it) => it.itemId);
const usersOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'users.json'), 'utf8')) as BundleUser[];

before(async () => {
  await trainTinyBundle(root, { scale: 0.5, epochs: 2, source: 'shrink' });
  originalItems = itemsOf(current());
  originalUsers = usersOf(current()).length;
  const sqlite = openSqliteStore(db);
  const events = [];
  for (let u = 0; u < 3; u++)
    for (let k = 0; k < 10; k++)
      events.push({
        userId: `stranger${u}`,
        itemId: `spam${k}`,
        type: 'watch' as const,
        watchTime: 60,
        timestamp: Date.UTC(2026, 10, 1) + u * 1000 + k,
        eventId: `spam-${u}-${k}`,
      });
  await sqlite.append(events);
  store = sqlite;
  engine = new Recommender({ ...DEFAULT_RECOMMENDER, store: createMemoryStore() });
  loader = new ModelLoader(engine, models, { minIndexRecall: 0 }, log);
  await loader.reload();
  retrainer = new Retrainer(
    store,
    loader,
    {
      intervalMs: 0,
      modelDir: models,
      storeLocation: db,
      minNewEvents: 1,
      bootstrapMinEvents: 0,
      trainArgs: TRAIN_ARGS,
    },
    log,
  );
  retrainer.onOutcome = (o) => seen.push(o);
});

after(async () => {
  retrainer?.stop();
  await loader?.stop();
  await engine?.close();
  await store?.close();
  rmSync(root, { recursive: true, force: true });
});

test('a retrain from a store of 10 stranger items keeps the whole catalogue and every user', {
  timeout: 60_000,
}, async () => {
  assert.ok(originalItems.length >= 200, `a real catalogue (${originalItems.length} items)`);
  const before = engine.modelVersion();
  const outcome = await retrainer.maybeRetrain(true);
  assert.equal(outcome.status, 'served', outcome.message);
  assert.notEqual(engine.modelVersion(), before);
  const items = new Set(itemsOf(current()));
  for (const id of originalItems) assert.ok(items.has(id), `${id} is still in the catalogue`);
  for (let k = 0; k < 10; k++) assert.ok(items.has(`spam${k}`));
  const users = usersOf(current());
  assert.ok(users.length >= originalUsers, `${users.length} users, had ${originalUsers}`);
  // Their histories were learnt again, not just their names kept.
  const watched = users.filter((u) => !u.userId.startsWith('stranger') && u.watched.length > 0).length;
  assert.ok(watched >= originalUsers * 0.9, `${watched} of ${originalUsers} users keep a history`);
  assert.equal(outcome.candidate?.items, originalItems.length + 10);
  assert.equal(outcome.current?.items, originalItems.length);
  assert.equal(typeof outcome.current?.quality, 'number');
  assert.equal(typeof outcome.candidate?.quality, 'number');
});

test('reco train --fresh that would shrink the catalogue is refused with its own exit status', {
  timeout: 60_000,
}, () => {
  const served = current();
  const dirs = bundleDirs();
  const env: NodeJS.ProcessEnv = { ...process.env, RECO_DB_PATH: db, RECO_DATABASE_URL: '' };
  delete env.RECO_DATA_DIR;
  const run = (...extra: string[]) =>
    spawnSync(
      process.execPath,
      ['bin/reco.js', 'train', '--from-store', '--fresh', '--out', models, ...TRAIN_ARGS, ...extra],
      { encoding: 'utf8', env },
    );
  const r = run('--keep-bundles', '5');
  assert.equal(r.status, REFUSED_EXIT_CODE, r.stderr.slice(-2000));
  const report = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
  assert.equal(report.status, 'refused');
  assert.equal(report.code, 'CATALOGUE_SHRANK');
  assert.equal(report.candidate.items, 10);
  assert.match(r.stderr, /not served: the new bundle's catalogue has 10 items/);
  assert.equal(current(), served, 'current did not move');
  assert.deepEqual(bundleDirs(), dirs, 'the refused bundle was deleted');
});

test('through the Retrainer: a deliberate shrink is refused, then served with allowShrink', {
  timeout: 60_000,
}, async () => {
  const served = current();
  const version = engine.modelVersion();
  const dirs = bundleDirs();
  const refused = await retrainer.maybeRetrain(true, { fresh: true });
  assert.equal(refused.status, 'refused');
  assert.equal(refused.code, 'CATALOGUE_SHRANK');
  assert.equal(refused.candidate?.items, 10);
  assert.equal(refused.current?.items, originalItems.length + 10);
  assert.ok(refused.message && !refused.message.includes(root), 'no paths in the message');
  assert.ok(!Number.isNaN(Date.parse(refused.at)));
  assert.equal(current(), served);
  assert.equal(engine.modelVersion(), version, 'the served model is unchanged');
  assert.deepEqual(bundleDirs(), dirs);
  assert.ok(
    warnings.some((w) => /refused/.test(w)),
    'a refusal is logged at warn level',
  );
  assert.deepEqual(retrainer.lastOutcome, refused);

  const forced = await retrainer.maybeRetrain(true, { fresh: true, allowShrink: true });
  assert.equal(forced.status, 'served', forced.message);
  assert.equal(engine.modelVersion(), forced.modelVersion);
  assert.deepEqual(itemsOf(current()).sort(), Array.from({ length: 10 }, (_, k) => `spam${k}`).sort());
  assert.deepEqual(retrainer.outcomes, { served: 2, refused: 1, failed: 0, unchanged: 0 });
  assert.deepEqual(
    seen.map((o) => o.status),
    ['served', 'refused', 'served'],
  );
});

test('the guard: users shrinking and a quality drop beyond noise are refused too', () => {
  const cur = { version: 'v1', items: 100, users: 1000 };
  const opts = { maxShrink: 0.5 };
  assert.equal(judge(cur, { items: 60, users: 1000 }, undefined, opts), undefined, '40 % fewer items may go');
  assert.equal(judge(cur, { items: 40, users: 1000 }, undefined, opts)?.code, 'CATALOGUE_SHRANK');
  assert.equal(judge(cur, { items: 100, users: 400 }, undefined, opts)?.code, 'USERS_SHRANK');
  assert.equal(judge(cur, { items: 99, users: 999 }, undefined, { maxShrink: 0 })?.code, 'CATALOGUE_SHRANK');
  const q = (current: number, candidate: number, diffSe: number) => ({
    rows: 500,
    current,
    candidate,
    diffSe,
  });
  assert.equal(judge(cur, cur, q(0.3, 0.2, 0.01), opts)?.code, 'QUALITY_DROPPED');
  assert.equal(judge(cur, cur, q(0.3, 0.295, 0.001), opts), undefined, 'within the absolute tolerance');
  assert.equal(judge(cur, cur, q(0.3, 0.25, 0.03), opts), undefined, 'within two standard errors');
  assert.equal(judge(cur, cur, q(0.3, 0.35, 0.01), opts), undefined);
});
