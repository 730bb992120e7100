import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';
import { MetricsUnavailableError } from '../errors.ts';
import type { UserVersions } from './user-versions.ts';

/**
 * Several server processes on one host (`reco serve --workers N`), the way to use more than one
 * core: tf.js on wasm and the HTTP stack each run on one thread per process. The primary only
 * forks, relays and supervises; every worker is a whole server (bundle, index, store handle) and
 * the kernel hands each new connection to one of them.
 *
 * What the workers must agree on travels over the primary:
 * - invalidations: a worker answers 202 to POST /events only after every other worker has
 *   dropped the users' cached state, so the next request on any worker sees the events;
 * - reloads: a bundle one worker swapped in (POST /admin/reload, a retrain) is loaded by all;
 * - retraining: only worker 0 trains; the others hand POST /admin/retrain to it;
 * - metrics: GET /metrics on any worker answers the sum over all of them.
 */

type Message =
  | { reco: 'hello' }
  /** `origin` (set by the primary): which pending invalidation an acknowledgement answers. */
  | { reco: 'invalidate'; id: number; users: string[]; origin?: string }
  | { reco: 'invalidated'; id: number; origin?: string }
  | { reco: 'reload' }
  | { reco: 'retrain'; allowShrink?: boolean }
  | { reco: 'metrics'; id: number }
  | { reco: 'metrics-result'; id: number; text?: string; error?: string };

const isRecoMessage = (m: unknown): m is Message =>
  typeof m === 'object' && m !== null && typeof (m as { reco?: unknown }).reco === 'string';

interface Log {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** The workers a `--workers` value asks for: a count, or `auto` (= available cores). */
export function workerCount(setting: number, cores: number): number {
  return setting === 0 ? Math.max(1, cores) : setting;
}

/**
 * Runs the primary: forks `workers` servers (each with RECO_WORKER_INDEX), relays their
 * messages, restarts one that dies, and on SIGTERM/SIGINT passes the signal on and exits once
 * all have finished their graceful shutdown.
 */
export function runPrimary(workers: number, log: Log): Promise<void> {
  const slots: Worker[] = [];
  /** Workers whose message handler is installed (a fresh one has no cache to invalidate). */
  const ready = new Set<Worker>();
  /** Invalidations waiting for acknowledgements: key `${origin.id}:${id}`. */
  const pending = new Map<string, { origin: Worker; id: number; left: Set<Worker> }>();
  const metricsRegistry = new AggregatorRegistry();
  let closing = false;

  const settle = (key: string) => {
    const p = pending.get(key);
    if (!p || p.left.size > 0) return;
    pending.delete(key);
    if (p.origin.isConnected()) p.origin.send({ reco: 'invalidated', id: p.id } satisfies Message);
  };

  const onMessage = (from: Worker, m: unknown) => {
    if (!isRecoMessage(m)) return;
    switch (m.reco) {
      case 'hello':
        ready.add(from);
        return;
      case 'invalidate': {
        const key = `${from.id}:${m.id}`;
        const left = new Set([...ready].filter((w) => w !== from && w.isConnected()));
        pending.set(key, { origin: from, id: m.id, left });
        for (const w of left)
          w.send({ reco: 'invalidate', id: m.id, users: m.users, origin: key } satisfies Message);
        settle(key);
        return;
      }
      case 'invalidated': {
        const key = m.origin;
        if (!key) return;
        pending.get(key)?.left.delete(from);
        settle(key);
        return;
      }
      case 'reload':
        for (const w of slots)
          if (w !== from && w.isConnected()) w.send({ reco: 'reload' } satisfies Message);
        return;
      case 'retrain':
        if (slots[0]?.isConnected()) slots[0].send(m);
        return;
      case 'metrics':
        metricsRegistry.clusterMetrics().then(
          (text) => from.send({ reco: 'metrics-result', id: m.id, text } satisfies Message),
          (e: Error) => from.send({ reco: 'metrics-result', id: m.id, error: e.message } satisfies Message),
        );
        return;
    }
  };

  const fork = (index: number) => {
    const w = cluster.fork({ RECO_WORKER_INDEX: String(index) });
    slots[index] = w;
    w.on('message', (m) => onMessage(w, m));
    w.on('exit', (code, signal) => {
      ready.delete(w);
      // A dead worker acknowledges nothing: do not keep the others waiting for it.
      for (const [key, p] of pending) {
        p.left.delete(w);
        settle(key);
      }
      if (closing) return;
      log.error({ worker: index, code, signal }, 'worker died; starting another');
      setTimeout(() => fork(index), 500).unref();
    });
  };
  for (let i = 0; i < workers; i++) fork(i);
  log.info({ workers }, 'serving with several worker processes');

  return new Promise((resolve) => {
    const shutdown = (signal: NodeJS.Signals) => {
      if (closing) return;
      closing = true;
      log.info({ signal }, 'shutting down the workers');
      const alive = slots.filter((w) => !w.isDead());
      if (alive.length === 0) resolve();
      let left = alive.length;
      for (const w of alive) {
        w.once('exit', () => {
          if (--left === 0) resolve();
        });
        w.process.kill(signal);
      }
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  });
}

/** A worker's side of the link to the primary; undefined outside a `--workers` cluster. */
export class ClusterLink {
  readonly index: number;
  private nextId = 0;
  private readonly waiting = new Map<number, (m: Message) => void>();
  private invalidateHandler: (users: string[]) => void = () => {};
  private reloadHandler: () => void = () => {};
  private retrainHandler: (opts: { allowShrink: boolean }) => void = () => {};

  private constructor(index: number) {
    this.index = index;
    // Listening here also makes prom-client answer the primary's metric requests.
    new AggregatorRegistry();
    process.on('message', (m: unknown) => {
      if (!isRecoMessage(m)) return;
      if (m.reco === 'invalidate') {
        this.invalidateHandler(m.users);
        process.send?.({ reco: 'invalidated', id: m.id, origin: m.origin } satisfies Message);
      } else if (m.reco === 'reload') this.reloadHandler();
      else if (m.reco === 'retrain') this.retrainHandler({ allowShrink: m.allowShrink === true });
      else if (m.reco === 'invalidated' || m.reco === 'metrics-result') {
        this.waiting.get(m.id)?.(m);
        this.waiting.delete(m.id);
      }
    });
    process.send?.({ reco: 'hello' } satisfies Message);
  }

  static connect(): ClusterLink | undefined {
    if (!cluster.isWorker) return undefined;
    return new ClusterLink(Number(process.env.RECO_WORKER_INDEX ?? cluster.worker?.id ?? 0));
  }

  private request(m: Message & { id: number }): Promise<Message> {
    return new Promise((resolve, reject) => {
      this.waiting.set(m.id, resolve);
      process.send?.(m, undefined, undefined, (e: Error | null) => {
        if (!e) return;
        this.waiting.delete(m.id);
        reject(e);
      });
    });
  }

  /** Resolves once every other worker has dropped these users' cached state. */
  async invalidate(users: readonly string[]): Promise<void> {
    await this.request({ reco: 'invalidate', id: this.nextId++, users: [...users] });
  }

  /** Asks the other workers to load `current` (after this one swapped a bundle in). */
  broadcastReload(): void {
    process.send?.({ reco: 'reload' } satisfies Message);
  }

  /** Hands a retraining request to worker 0. */
  forwardRetrain(opts: { allowShrink?: boolean } = {}): void {
    process.send?.({ reco: 'retrain', allowShrink: opts.allowShrink === true } satisfies Message);
  }

  /** This worker's part of the cluster's metrics: `local` is what it answers the primary. */
  shareMetrics(local: Registry): void {
    AggregatorRegistry.setRegistries([local]);
  }

  /** The Prometheus text summed over every worker. */
  async metrics(): Promise<string> {
    const r = await this.request({ reco: 'metrics', id: this.nextId++ });
    if (r.reco !== 'metrics-result' || r.text === undefined) {
      throw new MetricsUnavailableError(
        `cluster metrics: ${(r as { error?: string }).error ?? 'no answer'} (a worker may still be loading its bundle)`,
      );
    }
    return r.text;
  }

  onInvalidate(f: (users: string[]) => void): void {
    this.invalidateHandler = f;
  }

  onReload(f: () => void): void {
    this.reloadHandler = f;
  }

  onRetrain(f: (opts: { allowShrink: boolean }) => void): void {
    this.retrainHandler = f;
  }
}

/** Slots in the version table: a collision only costs a spurious rebuild of a cached state. */
const VERSION_SLOTS = 1 << 20;

function slot(userId: string): number {
  // FNV-1a: fast, and good enough to spread user ids over the table.
  let h = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) {
    h ^= userId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & (VERSION_SLOTS - 1);
}

/**
 * User versions for the workers of one host: a worker's version of a user moves when another
 * worker stores events for them (its cached state is then rebuilt), and a bump resolves once
 * all the other workers have seen it. Several hosts need Redis instead (RECO_REDIS_URL).
 */
export function clusterVersions(link: ClusterLink): UserVersions {
  const versions = new Int32Array(VERSION_SLOTS);
  link.onInvalidate((users) => {
    for (const u of users) versions[slot(u)]++;
  });
  return {
    kind: 'cluster',
    get: async (userId) => String(versions[slot(userId)]),
    bump: (userIds) => link.invalidate(userIds),
    close: async () => {},
  };
}
