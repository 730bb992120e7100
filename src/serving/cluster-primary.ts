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
    const w = cluster.fork({ [SETTINGS.workerIndex.env]: String(index) });
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
