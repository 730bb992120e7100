import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openSqliteStore } from '../../src/events/sqlite-store.ts';

// The loop "events in -> retrain" through the real CLI: events a service stored in SQLite are
// part of the next bundle, with no export step.
const root = mkdtempSync(join(tmpdir(), 'reco-cli-'));
after(() => rmSync(root, { recursive: true, force: true }));
const reco = (...args: string[]) =>
  execFileSync(process.execPath, ['bin/reco.js', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

test('reco generate + reco train --events: stored events reach the bundle', async () => {
  const data = join(root, 'data');
  reco('generate', '--out', data, '--seed', '5', '--scale', '0.05');
  const db = join(root, 'events.sqlite');
  const store = openSqliteStore(db);
  await store.append([
    {
      userId: 'store-only-user',
      itemId: 'i1',
      type: 'watch',
      watchTime: 30,
      timestamp: Date.UTC(2026, 4, 1),
      eventId: 's1',
    },
    {
      userId: 'store-only-user',
      itemId: 'i2',
      type: 'dislike',
      timestamp: Date.UTC(2026, 4, 1, 0, 1),
      eventId: 's2',
    },
  ]);
  await store.close();
  const models = join(root, 'models');
  reco('train', '--data', data, '--events', db, '--out', models, '--epochs', '1', '--ranker-epochs', '1');
  const users = JSON.parse(readFileSync(join(models, 'current', 'users.json'), 'utf8')) as {
    userId: string;
    watched: [string, number][];
    disliked: string[];
  }[];
  const u = users.find((x) => x.userId === 'store-only-user');
  assert.deepEqual(u?.watched, [['i1', Date.UTC(2026, 4, 1)]]);
  assert.deepEqual(u?.disliked, ['i2']);
  const manifest = JSON.parse(readFileSync(join(models, 'current', 'manifest.json'), 'utf8'));
  assert.equal(manifest.data.source, `${data} + ${db}`);
});

test('bad flags fail with one clear line and exit code 2', () => {
  assert.throws(
    () => reco('train', '--epochs', 'zero'),
    (e: { status: number; stderr: string }) => {
      assert.equal(e.status, 2);
      assert.match(e.stderr, /reco train: --epochs: expected a positive integer, got "zero"/);
      return true;
    },
  );
  assert.throws(
    () => reco('generate'),
    (e: { status: number; stderr: string }) => e.status === 2 && /--out DIR is required/.test(e.stderr),
  );
  assert.throws(
    () => reco('nope'),
    (e: { status: number; stderr: string }) => e.status === 2 && /unknown command "nope"/.test(e.stderr),
  );
});

test('reco train --from-store with no catalogue: items come from the events', async () => {
  const db = join(root, 'only-store.sqlite');
  const store = openSqliteStore(db);
  const events = [];
  for (let u = 0; u < 30; u++) {
    for (let k = 0; k < 4; k++) {
      events.push({
        userId: `s${u}`,
        itemId: `m${(u + k) % 12}`,
        type: 'watch' as const,
        watchTime: 50,
        timestamp: 1_000_000 + u * 10 + k,
      });
    }
  }
  await store.append(events);
  await store.close();
  const models = join(root, 'models-store');
  execFileSync(
    process.execPath,
    ['bin/reco.js', 'train', '--from-store', '--out', models, '--epochs', '1', '--ranker-epochs', '1'],
    {
      env: {
        ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'RECO_DATA_DIR')),
        RECO_DB_PATH: db,
      },
      stdio: 'pipe',
    },
  );
  const vocab = JSON.parse(readFileSync(join(models, 'current', 'vocab.json'), 'utf8'));
  assert.equal(vocab.items.length, 13, 'OOV + 12 items inferred from events');
  assert.deepEqual(vocab.topics, ['<oov>', 'unknown']);
});

test('reco train on a MovieLens directory (format detected)', () => {
  const fixtures = new URL('../fixtures/movielens/100k', import.meta.url).pathname;
  const models = join(root, 'models-ml');
  reco('train', '--data', fixtures, '--out', models, '--epochs', '1', '--ranker-epochs', '1');
  const users = JSON.parse(readFileSync(join(models, 'current', 'users.json'), 'utf8')) as {
    userId: string;
    age?: number;
  }[];
  assert.deepEqual(users.find((u) => u.userId === '1')?.age, 24);
});
