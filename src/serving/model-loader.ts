import { basename } from 'node:path';
import { BundleLease } from '../bundle/lease.ts';
import { type LoadOptions, loadBundle, resolveBundleDir } from '../bundle/read.ts';
import type { Recommender } from './recommender.ts';

export interface ReloadResult {
  /** False when `current` still points at the bundle being served. */
  changed: boolean;
  modelVersion: string;
  previousVersion?: string;
}

interface Log {
  info(obj: object, msg: string): void;
  warn?(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * Keeps the served bundle in step with `<modelDir>/current`: loads a new bundle beside the old
 * one, validates and warms it, then swaps it in and frees the old one. A bundle that fails to
 * load or validate is refused and the old one keeps serving.
 *
 * Requests never see a half-swapped model: a recommendation is computed synchronously, and the
 * swap is a single assignment between two requests on the one JS thread.
 *
 * The bundle served (and one being loaded) carries this process's lease, so the bundle GC that
 * follows a training never deletes it from under a server that has not reloaded yet.
 */
export class ModelLoader {
  private readonly engine: Recommender;
  private readonly modelDir: string;
  private readonly opts: LoadOptions;
  private readonly log: Log;
  private servingDir: string | undefined;
  private inFlight: Promise<ReloadResult> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly lease: BundleLease;
  /** Called after a load swapped a new bundle in (the cluster tells the other workers). */
  onSwap: (() => void) | undefined;

  constructor(engine: Recommender, modelDir: string, opts: LoadOptions, log: Log) {
    this.engine = engine;
    this.modelDir = modelDir;
    this.opts = opts;
    this.log = log;
    this.lease = new BundleLease(log);
  }

  /** Loads `current` if it changed. Concurrent calls share one load. Throws a BundleError if refused. */
  reload(opts: { announce?: boolean } = {}): Promise<ReloadResult> {
    this.inFlight ??= this.load(opts.announce ?? true).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async load(announce: boolean): Promise<ReloadResult> {
    const previousVersion = this.engine.modelVersion();
    const dir = await resolveBundleDir(this.modelDir);
    if (dir === this.servingDir && previousVersion) {
      return { changed: false, modelVersion: previousVersion, previousVersion };
    }
    // Leased before reading: a GC running now must not delete the files half-way through.
    await this.lease.hold(dir);
    try {
      const bundle = await loadBundle(dir, this.opts);
      await this.engine.install(bundle);
      const old = this.servingDir;
      this.servingDir = dir;
      if (old && old !== dir) await this.lease.drop(old);
      this.log.info(
        { version: bundle.manifest.version, previousVersion, bundle: basename(dir) },
        'model bundle loaded',
      );
      if (announce) this.onSwap?.();
      return { changed: true, modelVersion: bundle.manifest.version, previousVersion };
    } catch (e) {
      if (dir !== this.servingDir) await this.lease.drop(dir);
      this.log.error(
        { err: e, bundle: basename(dir), servingVersion: previousVersion },
        'model bundle refused; keeping the current one',
      );
      throw e;
    }
  }

  /** Polls `current` every `intervalMs` (0 = never) and reloads when it points elsewhere. */
  watch(intervalMs: number): void {
    this.stopPolling();
    if (intervalMs <= 0) return;
    this.timer = setInterval(() => {
      this.reload().catch(() => {});
      // Items posted to other replicas reach this one at the next tick.
      this.engine.syncItems().catch(() => {});
    }, intervalMs);
    this.timer.unref();
  }

  /** Stops polling and gives up the lease (shutdown): the bundle may be collected from now on. */
  async stop(): Promise<void> {
    this.stopPolling();
    // A reload under way would take a lease again when it lands: let it land first.
    await this.inFlight?.catch(() => {});
    return this.lease.release();
  }

  private stopPolling(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
