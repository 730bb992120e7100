import cluster from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';
import { envSetting } from '../config/settings.ts';
import { MetricsUnavailableError } from '../errors.ts';
import { isRecoMessage, type Message } from './cluster-messages.ts';

/** A worker's side of the link to the primary; undefined outside a `--workers` cluster. */
export class ClusterLink {
  readonly index: number;
  private nextId = 0;
  private readonly waiting = new Map<number, (m: Message) => void>();
  private invalidateHandler: (users: string[]) => void = () => {};
  private reloadHandler: () => void = () => {};
  private itemsHandler: () => void = () => {};
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
      else if (m.reco === 'items') this.itemsHandler();
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
    const index = envSetting('workerIndex');
    return new ClusterLink(index >= 0 ? index : (cluster.worker?.id ?? 0));
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

  /** Tells the other workers the store's catalogue or erasures changed. */
  broadcastItems(): void {
    process.send?.({ reco: 'items' } satisfies Message);
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

  onItems(f: () => void): void {
    this.itemsHandler = f;
  }

  onRetrain(f: (opts: { allowShrink: boolean }) => void): void {
    this.retrainHandler = f;
  }
}
