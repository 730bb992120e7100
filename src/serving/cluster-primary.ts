import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import { SETTINGS } from '../config/settings.ts';
import { isRecoMessage, type Message } from './cluster-messages.ts';

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
  const primary = new Primary(log);
  for (let i = 0; i < workers; i++) primary.fork(i);
  log.info({ workers }, 'serving with several worker processes');
  return primary.untilShutdown();
}

type Invalidate = Extract<Message, { reco: 'invalidate' }>;

/** The primary's state: the workers by index, and the invalidations they have not acknowledged. */
class Primary {
  private readonly slots: Worker[] = [];
  /** Workers whose message handler is installed (a fresh one has no cache to invalidate). */
  private readonly ready = new Set<Worker>();
  /** Invalidations waiting for acknowledgements: key `${origin.id}:${id}`. */
  private readonly pending = new Map<string, { origin: Worker; id: number; left: Set<Worker> }>();
  private readonly metricsRegistry = new AggregatorRegistry();
  private closing = false;

  constructor(private readonly log: Log) {}

  /** Starts the worker in slot `index`, and another in its place should it die. */
  fork(index: number): void {
    const w = cluster.fork({ [SETTINGS.workerIndex.env]: String(index) });
    this.slots[index] = w;
    w.on('message', (m) => this.onMessage(w, m));
    w.on('exit', (code, signal) => {
      this.ready.delete(w);
      // A dead worker acknowledges nothing: do not keep the others waiting for it.
      for (const [key, p] of this.pending) {
        p.left.delete(w);
        this.settle(key);
      }
      if (this.closing) return;
      this.log.error({ worker: index, code, signal }, 'worker died; starting another');
      setTimeout(() => this.fork(index), 500).unref();
    });
  }

  private onMessage(from: Worker, m: unknown): void {
    if (!isRecoMessage(m)) return;
    switch (m.reco) {
      case 'hello':
        this.ready.add(from);
        return;
      case 'invalidate':
        this.invalidate(from, m);
        return;
      case 'invalidated': {
        const key = m.origin;
        if (!key) return;
        this.pending.get(key)?.left.delete(from);
        this.settle(key);
        return;
      }
      case 'reload':
      case 'items':
        for (const w of this.slots) if (w !== from && w.isConnected()) w.send(m);
        return;
      case 'retrain':
        if (this.slots[0]?.isConnected()) this.slots[0].send(m);
        return;
      case 'metrics':
        this.metricsRegistry.clusterMetrics().then(
          (text) => from.send({ reco: 'metrics-result', id: m.id, text } satisfies Message),
          (e: Error) => from.send({ reco: 'metrics-result', id: m.id, error: e.message } satisfies Message),
        );
        return;
    }
  }

  /** Passes an invalidation on to every other ready worker; `from` hears once all have acknowledged. */
  private invalidate(from: Worker, m: Invalidate): void {
    const key = `${from.id}:${m.id}`;
    const left = new Set([...this.ready].filter((w) => w !== from && w.isConnected()));
    this.pending.set(key, { origin: from, id: m.id, left });
    for (const w of left)
      w.send({ reco: 'invalidate', id: m.id, users: m.users, origin: key } satisfies Message);
    this.settle(key);
  }

  /** Tells the origin of invalidation `key` that it is done, once no worker is left to acknowledge it. */
  private settle(key: string): void {
    const p = this.pending.get(key);
    if (!p || p.left.size > 0) return;
    this.pending.delete(key);
    if (p.origin.isConnected()) p.origin.send({ reco: 'invalidated', id: p.id } satisfies Message);
  }

  /** Resolves once a SIGTERM or SIGINT has been passed on and every worker has exited. */
  untilShutdown(): Promise<void> {
    return new Promise((resolve) => {
      process.once('SIGTERM', () => this.shutdown('SIGTERM', resolve));
      process.once('SIGINT', () => this.shutdown('SIGINT', resolve));
    });
  }

  private shutdown(signal: NodeJS.Signals, resolve: () => void): void {
    if (this.closing) return;
    this.closing = true;
    this.log.info({ signal }, 'shutting down the workers');
    const alive = this.slots.filter((w) => !w.isDead());
    if (alive.length === 0) resolve();
    let left = alive.length;
    for (const w of alive) {
      w.once('exit', () => {
        if (--left === 0) resolve();
      });
      w.process.kill(signal);
    }
  }
}
