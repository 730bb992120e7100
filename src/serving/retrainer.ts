import { spawn } from 'node:child_process';
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
}

const BIN = fileURLToPath(new URL('../../bin/reco.js', import.meta.url));

/**
 * Retraining inside the service: every `intervalMs`, if enough new events were stored, runs
 * `reco train --events <db>` in a child process (so serving keeps its thread and the training
 * gets the other core), then reloads the new bundle. One training at a time.
 */
export class Retrainer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private trainedAt = -1;

  constructor(
    private readonly store: EventStore,
    private readonly loader: ModelLoader,
    private readonly opts: RetrainOptions,
    private readonly log: Log,
  ) {}

  /** @param hasModel whether a bundle is served: if not, events already stored count as new. */
  async start(hasModel: boolean): Promise<void> {
    if (this.opts.intervalMs <= 0) return;
    this.trainedAt = hasModel ? await this.store.count() : 0;
    this.timer = setInterval(() => void this.maybeRetrain(), this.opts.intervalMs);
    this.timer.unref();
  }

  /** Trains now if enough events are new; resolves when the new bundle is served (or refused). */
  maybeRetrain(): Promise<void> {
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async run(): Promise<void> {
    const count = await this.store.count();
    if (count - this.trainedAt < this.opts.minNewEvents) return;
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
      let stderr = '';
      child.stderr.on('data', (d) => {
        stderr = (stderr + d).slice(-2000);
      });
      child.on('exit', (c) => {
        if (c !== 0) this.log.error({ code: c, stderr }, 'retraining failed; keeping the current model');
        resolve(c);
      });
    });
    if (code !== 0) return;
    this.trainedAt = count;
    await this.loader.reload().then(
      (r) => this.log.info({ ...r, ms: Date.now() - t0 }, 'retrained model is serving'),
      () => {},
    );
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
