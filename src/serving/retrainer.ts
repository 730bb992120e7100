import type { ChildProcess } from 'node:child_process';
import type { EventStore } from '../events/store.ts';
import type { ModelLoader } from './model-loader.ts';
import type { RetrainOptions, RetrainOutcome, RetrainRunOptions, RetrainStatus } from './retrain-types.ts';
import { candidateFigures, parseReport, refusal, runTrainChild, trainCommand } from './train-child.ts';

export type { RetrainOptions, RetrainOutcome, RetrainRunOptions, RetrainStatus } from './retrain-types.ts';

interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

type Outcome = Omit<RetrainOutcome, 'at'>;
type TrainChild = Awaited<ReturnType<typeof runTrainChild>>;
type Report = ReturnType<typeof parseReport>;
type Figures = Pick<RetrainOutcome, 'current' | 'candidate'> | undefined;

/** Quiet time after the last posted event before a model-less server trains (a bulk load is over). */
const BOOTSTRAP_SETTLE_MS = 5000;

/**
 * Retraining inside the service: every `intervalMs`, if enough new events were stored, runs
 * `reco train --events <db>` in a child process (so serving keeps its thread and the training
 * gets the other core), then reloads the new bundle. One training at a time.
 *
 * `reco train` itself decides whether the new bundle may replace the served one (the guard in
 * retrain-guard.ts) and says why not in its stdout line and exit status; every run's outcome is
 * kept here for the HTTP layer and /metrics.
 */
export class Retrainer {
  private timer: NodeJS.Timeout | undefined;
  private bootTimer: NodeJS.Timeout | undefined;
  private running: Promise<RetrainOutcome> | undefined;
  private child: ChildProcess | undefined;
  private trainedAt = -1;
  /** Event count of the last failed or refused training: not retried until more events arrive. */
  private failedAt = -1;
  private last: RetrainOutcome | undefined;
  private readonly counts: Record<RetrainStatus, number> = { served: 0, refused: 0, failed: 0, unchanged: 0 };
  /** Called with every run's outcome, after it is recorded. */
  onOutcome?: (o: RetrainOutcome) => void;

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

  /** The outcome of the latest run. */
  get lastOutcome(): RetrainOutcome | undefined {
    return this.last;
  }

  /** Runs so far by outcome. */
  get outcomes(): Record<RetrainStatus, number> {
    return { ...this.counts };
  }

  /**
   * Trains now if enough events are new (`force`: whatever their number); resolves to the
   * outcome once the new bundle is served, refused or failed. Concurrent calls share one
   * training (and its options: those of the call that started it).
   */
  maybeRetrain(force = false, opts: RetrainRunOptions = {}): Promise<RetrainOutcome> {
    this.running ??= this.run(force, opts)
      .catch((e: unknown): Omit<RetrainOutcome, 'at'> => {
        // The error (it may name files or the store) goes to the log, not into the outcome.
        this.log.error({ err: e }, 'retraining could not run');
        return { status: 'failed', code: 'TRAINING_FAILED', message: 'the retraining could not run' };
      })
      .then((o) => this.record(o))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private record(o: Omit<RetrainOutcome, 'at'>): RetrainOutcome {
    const outcome: RetrainOutcome = { ...o, at: new Date().toISOString() };
    this.last = outcome;
    this.counts[outcome.status]++;
    try {
      this.onOutcome?.(outcome);
    } catch (e) {
      this.log.error({ err: e }, 'retrain outcome listener failed');
    }
    return outcome;
  }

  private async run(force: boolean, runOpts: RetrainRunOptions): Promise<Outcome> {
    const count = await this.store.count();
    const notDue = force ? undefined : this.notDue(count);
    if (notDue) return notDue;
    this.log.info(
      { events: count, newEvents: count - Math.max(0, this.trainedAt) },
      'retraining from stored events',
    );
    const t0 = Date.now();
    const child = await runTrainChild(trainCommand(this.opts, runOpts), this.opts.storeLocation, (c) => {
      this.child = c;
    });
    this.child = undefined;
    const report = parseReport(child.stdout);
    const ms = Date.now() - t0;
    const figures = report && {
      ...(report.current ? { current: report.current } : {}),
      candidate: candidateFigures(report),
    };
    if (child.code !== 0) {
      this.failedAt = count;
      return this.notServed(child, report, figures, ms);
    }
    this.trainedAt = count;
    return this.reloadTrained(report, figures, t0);
  }

  /**
   * Why the schedule does not train on `count` stored events, or undefined if it does. A refused
   * or failed training is not repeated on the same events: it would come to the same verdict
   * every tick.
   */
  private notDue(count: number): Outcome | undefined {
    const newEvents = count - this.trainedAt;
    if (newEvents < this.opts.minNewEvents || count === this.failedAt) {
      return {
        status: 'unchanged',
        message:
          count === this.failedAt
            ? 'no new events since the last failed or refused training'
            : `${newEvents} new events, fewer than the ${this.opts.minNewEvents} a retraining needs`,
      };
    }
    return undefined;
  }

  /** The outcome of a training that exited non-zero: refused by the guard, or failed. */
  private notServed(child: TrainChild, report: Report, figures: Figures, ms: number): Outcome {
    const refused = refusal(child.code, report);
    if (refused) {
      this.log.warn(
        {
          code: refused.code,
          current: report?.current,
          candidate: report?.candidate,
          qualityRows: report?.qualityRows,
        },
        `retrained bundle refused; keeping the current model: ${refused.message}`,
      );
      return { ...refused, ...figures, ms };
    }
    this.log.error(
      { code: child.code, stderr: child.stderr },
      'retraining failed; keeping the current model',
    );
    return {
      status: 'failed',
      code: 'TRAINING_FAILED',
      message:
        child.code === null ? 'the training was stopped' : `the training exited with status ${child.code}`,
      ms,
    };
  }

  /** Reloads after a successful training: served, unchanged (same bundle) or failed (load refused). */
  private async reloadTrained(report: Report, figures: Figures, t0: number): Promise<Outcome> {
    try {
      const r = await this.loader.reload();
      const served =
        r.changed || (report?.modelVersion !== undefined && r.modelVersion === report.modelVersion);
      this.log.info(
        { ...r, ms: Date.now() - t0 },
        served ? 'retrained model is serving' : 'retrained model: nothing changed',
      );
      return {
        status: served ? 'served' : 'unchanged',
        message: report?.message,
        ...figures,
        modelVersion: r.modelVersion,
        ms: Date.now() - t0,
      };
    } catch {
      // The loader has logged why (with the bundle's path, which the outcome leaves out).
      return {
        status: 'failed',
        code: 'RELOAD_REFUSED',
        message:
          'the retrained bundle is current on disk but the server refused to load it; the previous model keeps serving',
        ...figures,
        ...(report?.modelVersion ? { modelVersion: report.modelVersion } : {}),
        ms: Date.now() - t0,
      };
    }
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
