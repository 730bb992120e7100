import assert from 'node:assert/strict';
import cluster, { type Worker } from 'node:cluster';
import { EventEmitter } from 'node:events';
import { after, afterEach, mock, test } from 'node:test';
import type { Message } from '../../src/serving/cluster-messages.ts';
import { runPrimary, workerCount } from '../../src/serving/cluster-primary.ts';

// cluster.fork is replaced by a fake: each "worker" is an emitter that records what the
// primary sends it, so the relaying and the bookkeeping run without forking processes.
class FakeWorker extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWorker.nextId++;
  readonly inbox: Message[] = [];
  connected = true;
  dead = false;
  readonly killed: string[] = [];
  readonly process = {
    kill: (signal: string) => {
      this.killed.push(signal);
      this.exit(0, signal);
    },
  };
  constructor(readonly env: Record<string, string>) {
    super();
  }
  send(m: Message): boolean {
    this.inbox.push(m);
    return true;
  }
  isConnected(): boolean {
    return this.connected;
  }
  isDead(): boolean {
    return this.dead;
  }
  /** A message from this worker to the primary. */
  say(m: unknown): void {
    this.emit('message', m);
  }
  exit(code: number | null, signal: string | null = null): void {
    this.connected = false;
    this.dead = true;
    this.emit('exit', code, signal);
  }
}

const forked: FakeWorker[] = [];
const originalFork = cluster.fork;
cluster.fork = ((env: Record<string, string>) => {
  const w = new FakeWorker(env);
  forked.push(w);
  return w as unknown as Worker;
}) as typeof cluster.fork;
after(() => {
  cluster.fork = originalFork;
});

function logger() {
  const lines: { level: string; obj: object; msg: string }[] = [];
  return {
    lines,
    info: (obj: object, msg: string) => lines.push({ level: 'info', obj, msg }),
    error: (obj: object, msg: string) => lines.push({ level: 'error', obj, msg }),
  };
}

/** A primary with `n` workers, all ready; `stop` shuts it down (SIGTERM) and waits. */
function start(n: number) {
  forked.length = 0;
  const log = logger();
  const done = runPrimary(n, log);
  const workers = [...forked];
  for (const w of workers) w.say({ reco: 'hello' });
  const stop = async () => {
    process.emit('SIGTERM');
    await done;
  };
  return { workers, log, done, stop };
}

afterEach(() => {
  mock.timers.reset();
});

test('workerCount: a number as given, 0 (auto) the cores, at least one', () => {
  assert.equal(workerCount(3, 16), 3);
  assert.equal(workerCount(0, 16), 16);
  assert.equal(workerCount(0, 0), 1);
});

test('forks one worker per slot, each told its index', async () => {
  const { workers, log, stop } = start(3);
  assert.deepEqual(
    workers.map((w) => w.env),
    [{ RECO_WORKER_INDEX: '0' }, { RECO_WORKER_INDEX: '1' }, { RECO_WORKER_INDEX: '2' }],
  );
  assert.deepEqual(log.lines[0], {
    level: 'info',
    obj: { workers: 3 },
    msg: 'serving with several worker processes',
  });
  await stop();
});

test('an invalidation goes to every other ready worker; the sender hears once all acknowledged', async () => {
  const { workers, stop } = start(3);
  const [a, b, c] = workers;
  a.say({ reco: 'invalidate', id: 5, users: ['u1'] });
  const key = `${a.id}:5`;
  assert.deepEqual(b.inbox, [{ reco: 'invalidate', id: 5, users: ['u1'], origin: key }]);
  assert.deepEqual(c.inbox, [{ reco: 'invalidate', id: 5, users: ['u1'], origin: key }]);
  assert.deepEqual(a.inbox, [], 'not to itself');
  b.say({ reco: 'invalidated', id: 5, origin: key });
  assert.deepEqual(a.inbox, [], 'c has not acknowledged yet');
  b.say({ reco: 'invalidated', id: 5, origin: key });
  assert.deepEqual(a.inbox, [], 'a repeated acknowledgement does not count twice');
  c.say({ reco: 'invalidated', id: 5, origin: key });
  assert.deepEqual(a.inbox, [{ reco: 'invalidated', id: 5 }]);
  c.say({ reco: 'invalidated', id: 5, origin: key });
  assert.equal(a.inbox.length, 1, 'settled once');
  await stop();
});

test('workers that have not said hello, or are disconnected, are not waited for', async () => {
  forked.length = 0;
  const log = logger();
  const done = runPrimary(3, log);
  const [a, b, c] = forked;
  a.say({ reco: 'hello' });
  b.say({ reco: 'hello' });
  b.connected = false;
  // c never said hello: a fresh worker has no cache to drop
  a.say({ reco: 'invalidate', id: 1, users: ['u'] });
  assert.deepEqual(b.inbox, []);
  assert.deepEqual(c.inbox, []);
  assert.deepEqual(a.inbox, [{ reco: 'invalidated', id: 1 }], 'answered at once');
  process.emit('SIGTERM');
  await done;
});

test('an acknowledgement without an origin, or for nothing pending, is ignored', async () => {
  const { workers, stop } = start(2);
  workers[1].say({ reco: 'invalidated', id: 3 });
  workers[1].say({ reco: 'invalidated', id: 3, origin: '99:3' });
  workers[1].say({ not: 'reco' });
  assert.deepEqual(workers[0].inbox, []);
  assert.deepEqual(workers[1].inbox, []);
  await stop();
});

test('a worker that dies acknowledges nothing: the sender is not kept waiting, and it is replaced', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  const { workers, log, stop } = start(3);
  const [a, b, c] = workers;
  a.say({ reco: 'invalidate', id: 2, users: ['u'] });
  b.say({ reco: 'invalidated', id: 2, origin: `${a.id}:2` });
  c.exit(1);
  assert.deepEqual(a.inbox, [{ reco: 'invalidated', id: 2 }]);
  assert.ok(log.lines.some((l) => l.level === 'error' && (l.obj as { worker: number }).worker === 2));
  assert.equal(forked.length, 3, 'replaced only after a pause');
  mock.timers.tick(500);
  assert.equal(forked.length, 4);
  assert.deepEqual(forked[3].env, { RECO_WORKER_INDEX: '2' }, 'in the same slot');
  forked[3].say({ reco: 'hello' });
  a.say({ reco: 'reload' });
  assert.deepEqual(forked[3].inbox, [{ reco: 'reload' }], 'the replacement is in the slot');
  await stop();
});

test('a reload goes to every other connected worker', async () => {
  const { workers, stop } = start(3);
  workers[2].connected = false;
  workers[1].say({ reco: 'reload' });
  assert.deepEqual(workers[0].inbox, [{ reco: 'reload' }]);
  assert.deepEqual(workers[1].inbox, []);
  assert.deepEqual(workers[2].inbox, []);
  await stop();
});

test('a catalogue change goes to every other connected worker', async () => {
  const { workers, stop } = start(3);
  workers[1].say({ reco: 'items' });
  assert.deepEqual(workers[0].inbox, [{ reco: 'items' }]);
  assert.deepEqual(workers[2].inbox, [{ reco: 'items' }]);
  assert.deepEqual(workers[1].inbox, []);
  await stop();
});

test('a retrain request goes to worker 0 as it was sent', async () => {
  const { workers, stop } = start(3);
  workers[2].say({ reco: 'retrain', allowShrink: true });
  assert.deepEqual(workers[0].inbox, [{ reco: 'retrain', allowShrink: true }]);
  assert.deepEqual(workers[1].inbox, []);
  workers[0].connected = false;
  workers[1].say({ reco: 'retrain' });
  assert.equal(workers[0].inbox.length, 1, 'not to a disconnected worker 0');
  await stop();
});

test('a metrics request is answered with the cluster’s text under its id', async () => {
  const { workers, stop } = start(2);
  workers[1].say({ reco: 'metrics', id: 4 });
  await new Promise((r) => setImmediate(r));
  // no real cluster workers here: prom-client sums nothing
  assert.deepEqual(workers[1].inbox, [{ reco: 'metrics-result', id: 4, text: '' }]);
  await stop();
});

test('SIGTERM is passed to every live worker; the primary resolves once all exited, and forks no more', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  const { workers, log, done, stop } = start(2);
  await stop();
  await done;
  assert.deepEqual(
    workers.map((w) => w.killed),
    [['SIGTERM'], ['SIGTERM']],
  );
  assert.ok(log.lines.some((l) => l.msg === 'shutting down the workers'));
  mock.timers.tick(1000);
  assert.equal(forked.length, 2, 'no replacement during shutdown');
});

test('SIGINT shuts down too; with every worker already dead it resolves at once', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  forked.length = 0;
  const done = runPrimary(1, logger());
  const [w] = forked;
  w.exit(1);
  w.dead = true;
  process.emit('SIGINT');
  await done;
  assert.deepEqual(w.killed, []);
});
