import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import type { RecoEvent } from '../../src/data/types.ts';
import { isRecoError } from '../../src/errors.ts';
import { createMemoryStore } from '../../src/events/memory-store.ts';
import type { PruneQuery } from '../../src/events/store.ts';
import { DAY_MS } from '../../src/foundation/time.ts';
import { pruneQueries, RetentionJob, retentionPolicy } from '../../src/serving/retention.ts';

const NOW = 1000 * DAY_MS;
const ev = (type: RecoEvent['type'], daysAgo: number, i: number): RecoEvent => ({
  userId: `u${i % 7}`,
  itemId: `i${i}`,
  type,
  timestamp: NOW - daysAgo * DAY_MS,
  eventId: `${type}-${daysAgo}-${i}`,
});

test('the policy: off by default; impressions kept longer than every event are refused', () => {
  assert.deepEqual(retentionPolicy({ eventRetentionDays: 0, impressionRetentionDays: 0 }), {
    eventDays: 0,
    impressionDays: 0,
  });
  assert.deepEqual(pruneQueries({ eventDays: 0, impressionDays: 0 }, NOW), []);
  assert.equal(new RetentionJob(createMemoryStore(), { eventDays: 0, impressionDays: 0 }).enabled, false);
  retentionPolicy({ eventRetentionDays: 90, impressionRetentionDays: 7 });
  retentionPolicy({ eventRetentionDays: 0, impressionRetentionDays: 7 });
  assert.throws(
    () => retentionPolicy({ eventRetentionDays: 30, impressionRetentionDays: 31 }),
    (e: unknown) =>
      isRecoError(e) && e.code === 'CONFIG_INVALID' && /RECO_IMPRESSION_RETENTION_DAYS/.test(e.message),
  );
});

test('one run deletes what is past each window as of the injected now, and nothing else', async () => {
  const store = createMemoryStore();
  await store.append([
    ev('impression', 10, 1),
    ev('impression', 3, 2),
    ev('watch', 10, 3),
    ev('watch', 40, 4),
    ev('like', 31, 5),
    ev('impression', 29, 6),
  ]);
  await store.append([
    { userId: 'u1', type: 'search', query: 'old', timestamp: NOW - 50 * DAY_MS, eventId: 's' },
  ]);
  const job = new RetentionJob(store, { eventDays: 30, impressionDays: 7 }, { now: () => NOW });
  assert.equal(await job.runOnce(), 5);
  const left = [];
  for await (const e of store.all()) left.push(e.eventId);
  assert.deepEqual(left.sort(), ['impression-3-2', 'watch-10-3']);
  assert.equal(await store.count(), 2, 'the old search went too');
  assert.equal(await job.runOnce(), 0, 'idempotent');
});

test('in batches, with a pause between them (ingestion goes first), to the end', async () => {
  const store = createMemoryStore();
  await store.append(Array.from({ length: 23 }, (_, i) => ev('watch', 100, i)));
  const calls: PruneQuery[] = [];
  const prune = store.prune.bind(store);
  const events: string[] = [];
  const spy = {
    prune: (q: PruneQuery) => {
      calls.push(q);
      events.push('batch');
      return prune(q);
    },
  };
  const pause = async () => void events.push('pause');
  const job = new RetentionJob(
    spy,
    { eventDays: 30, impressionDays: 0 },
    { now: () => NOW, batch: 10, pause },
  );
  assert.equal(await job.runOnce(), 23);
  assert.deepEqual(events, ['batch', 'pause', 'batch', 'pause', 'batch']);
  assert.ok(calls.every((q) => q.limit === 10 && q.cutoff === NOW - 30 * DAY_MS && q.types === undefined));
});

test('one unref’d timer: a tick runs the job, overlapping ticks do not double it, stop clears it', async (t) => {
  mock.timers.enable({ apis: ['setInterval'] });
  t.after(() => mock.timers.reset());
  let runs = 0;
  let release: () => void = () => {};
  const store = {
    prune: async () => {
      runs++;
      await new Promise<void>((r) => {
        release = r;
      });
      return 0;
    },
  };
  const job = new RetentionJob(
    store,
    { eventDays: 1, impressionDays: 0 },
    { intervalMs: 1000, now: () => NOW },
  );
  job.start();
  job.start();
  assert.equal(runs, 0, 'nothing at start');
  mock.timers.tick(1000);
  await Promise.resolve();
  assert.equal(runs, 1);
  mock.timers.tick(1000);
  await Promise.resolve();
  assert.equal(runs, 1, 'the run under way is not doubled');
  release();
  const stopped = job.stop();
  await stopped;
  mock.timers.tick(5000);
  await Promise.resolve();
  assert.equal(runs, 1, 'no tick after stop');
});

test('a failing store is logged and tried again at the next tick', async (t) => {
  mock.timers.enable({ apis: ['setInterval'] });
  t.after(() => mock.timers.reset());
  const warned: string[] = [];
  let calls = 0;
  const store = {
    prune: async () => {
      calls++;
      throw new Error('down');
    },
  };
  const log = { info: () => {}, warn: (_o: object, msg: string) => void warned.push(msg) };
  const job = new RetentionJob(store, { eventDays: 1, impressionDays: 0 }, { intervalMs: 10, log });
  job.start();
  for (let i = 0; i < 2; i++) {
    mock.timers.tick(10);
    await new Promise((r) => setImmediate(r));
  }
  assert.equal(calls, 2);
  assert.deepEqual(warned, ['retention: pruning failed', 'retention: pruning failed']);
  await job.stop();
});
