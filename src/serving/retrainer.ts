import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isPostgresUrl } from '../events/open.ts';
import type { EventStore } from '../events/store.ts';
import type { ModelLoader } from './model-loader.ts';

interface Log {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface RetrainOptions {
  intervalMs: number;
  modelDir: string;
  /** Where the store is (SQLite path or PostgreSQL URL), handed to the child in its environment. */
  storeLocation: string;
  /** Catalogue/data directory to train with besides the store; undefined = the store alone. */
  dataDir?: string;
  /** Retrain only when at least this many events arrived since the last training. */
  minNewEvents: number;
  /**
   * With no model at all: train once this many events are stored and none arrived for
   * BOOTSTRAP_SETTLE_MS (0 = never), so a fresh server fed through POST /events gets ready by itself.
   */
  bootstrapMinEvents: number;
}

/** Quiet time after the last posted event before a model-less server trains (a bulk load is over). */
const BOOTSTRAP_SETTLE_MS = 5000;

const BIN = fileURLToPath(new URL('../../bin/reco.js', import.meta.url));

/**
 * Retraining inside the service: every `intervalMs`, if enough new events were stored, runs
 * `reco train --events <db>` in a child process (so serving keeps its thread and the training
 * gets the other core), then reloads the new bundle. One training at a time.
 */
export class Retrainer {
  private timer: NodeJS.Timeout | undefined;
  private bootTimer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private child: ChildProcess | undefined;
  private trainedAt = -1;
  /** Event count of the last failed training: not retried until more events arrive. */
  private failedAt = -1;

  constructor(
    private readonly store: EventStore,
    private readonly loader: ModelLoader,
    private readonly opts: RetrainOptions,
    private readonly log: Log,
  ) {}

  /**
   * @param hasModel whether a bundle is served: if not, events already stored count as new.
   * @param isReady whether a bundle is served now (ends the bootstrap watch).
   */
  async start(hasModel: boolean, isReady: () => boolean = () => hasModel): Promise<void> {
    this.trainedAt = hasModel ? await this.store.count() : 0;
    if (this.opts.intervalMs > 0) {
      this.timer = setInterval(() => void this.maybeRetrain(), this.opts.intervalMs);
      this.timer.unref();
    }
    if (!hasModel && this.opts.bootstrapMinEvents > 0) this.watchBootstrap(isReady);
  }

  private watchBootstrap(isReady: () => boolean): void {
    let last = -1;
    let stableSince = Date.now();
    this.bootTimer = setInterval(async () => {
      if (isReady()) {
        clearInterval(this.bootTimer);
        return;
      }
      const n = await this.store.count().catch(() => -1);
      if (n !== last) {
        last = n;
        stableSince = Date.now();
        return;
      }
      const settled = Date.now() - stableSince >= BOOTSTRAP_SETTLE_MS;
      if (n >= this.opts.bootstrapMinEvents && settled && n !== this.failedAt && !this.running) {
        this.log.info({ events: n }, 'no model yet: training from the posted events');
        void this.maybeRetrain(true);
      }
    }, 1000);
    this.bootTimer.unref();
  }

  /** Whether a training is running now. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /**
   * Trains now if enough events are new (`force`: whatever their number); resolves when the new
   * bundle is served (or refused). Concurrent calls share one training.
   */
  maybeRetrain(force = false): Promise<void> {
    this.running ??= this.run(force).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async run(force: boolean): Promise<void> {
    const count = await this.store.count();
    if (!force && count - this.trainedAt < this.opts.minNewEvents) return;
    const args = [BIN, 'train', '--from-store', '--out', this.opts.modelDir];
    if (this.opts.dataDir) args.push('--data', this.opts.dataDir);
    this.log.info(
      { events: count, newEvents: count - Math.max(0, this.trainedAt) },
      'retraining from stored events',
    );
    const t0 = Date.now();
    const code = await new Promise<number | null>((resolve) => {
      // The store's location goes through the environment: a URL's password stays off `ps`.
      const loc = this.opts.storeLocation;
      const env = isPostgresUrl(loc)
        ? { ...process.env, RECO_DATABASE_URL: loc }
        : { ...process.env, RECO_DATABASE_URL: '', RECO_DB_PATH: loc };
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
      this.child = child;
      let stderr = '';
      child.stderr.on('data', (d) => {
        stderr = (stderr + d).slice(-2000);
      });
      child.on('exit', (c) => {
        this.child = undefined;
        if (c !== 0) this.log.error({ code: c, stderr }, 'retraining failed; keeping the current model');
        resolve(c);
      });
    });
    if (code !== 0) {
      this.failedAt = count;
      return;
    }
    this.trainedAt = count;
    await this.loader.reload().then(
      (r) => this.log.info({ ...r, ms: Date.now() - t0 }, 'retrained model is serving'),
      () => {},
    );
  }

  /** Stops the schedules and a training in progress (shutdown). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.bootTimer) clearInterval(this.bootTimer);
    this.timer = undefined;
    this.bootTimer = undefined;
    this.child?.kill('SIGTERM');
  }
}
