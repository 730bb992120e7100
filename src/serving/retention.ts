import type { Config } from '../config/settings.ts';
import { ConfigError } from '../errors.ts';
import type { EventStore, PruneQuery } from '../events/store.ts';
import { DAY_MS, HOUR_MS } from '../foundation/time.ts';

/** Days kept (0 = for ever): all events and searches, and impressions (0 = as all events). */
export interface RetentionPolicy {
  eventDays: number;
  impressionDays: number;
}

export interface RetentionOptions {
  /** How often the job runs (the first run is one interval after start). */
  intervalMs?: number;
  /** Rows deleted per statement: each is one short transaction, so ingestion waits little. */
  batch?: number;
  now?: () => number;
  /** Between batches: lets the event loop answer requests and commit appends first. */
  pause?: () => Promise<void>;
  log?: { info(o: object, msg: string): void; warn(o: object, msg: string): void };
}

export const RETENTION_INTERVAL_MS = HOUR_MS;
export const RETENTION_BATCH = 5000;

/** The policy of the settings; impressions kept longer than every event would be a silent no-op. */
export function retentionPolicy(
  cfg: Pick<Config, 'eventRetentionDays' | 'impressionRetentionDays'>,
): RetentionPolicy {
  const { eventRetentionDays: eventDays, impressionRetentionDays: impressionDays } = cfg;
  if (eventDays > 0 && impressionDays > eventDays) {
    throw new ConfigError(
      `RECO_IMPRESSION_RETENTION_DAYS (${impressionDays}) is longer than RECO_EVENT_RETENTION_DAYS (${eventDays}), which deletes impressions too`,
    );
  }
  return { eventDays, impressionDays };
}

/** What one run deletes, as of `now`: impressions first (the shorter window), then everything. */
export function pruneQueries(p: RetentionPolicy, now: number): Omit<PruneQuery, 'limit'>[] {
  const out: Omit<PruneQuery, 'limit'>[] = [];
  if (p.impressionDays > 0) out.push({ cutoff: now - p.impressionDays * DAY_MS, types: ['impression'] });
  if (p.eventDays > 0) out.push({ cutoff: now - p.eventDays * DAY_MS });
  return out;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Deletes events past their retention, in batches of `batch` rows with a pause between them, on
 * one unref'd timer (it never keeps the process alive). A run that is still going when the next
 * tick comes is not doubled; stop() clears the timer and waits for the run under way to finish
 * its current batch.
 */
export class RetentionJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = false;
  private readonly o: Required<Omit<RetentionOptions, 'log'>> & Pick<RetentionOptions, 'log'>;

  constructor(
    private readonly store: Pick<EventStore, 'prune'>,
    private readonly policy: RetentionPolicy,
    opts: RetentionOptions = {},
  ) {
    this.o = {
      intervalMs: opts.intervalMs ?? RETENTION_INTERVAL_MS,
      batch: opts.batch ?? RETENTION_BATCH,
      now: opts.now ?? Date.now,
      pause: opts.pause ?? nextTurn,
      log: opts.log,
    };
  }

  /** Whether the policy deletes anything at all (off by default). */
  get enabled(): boolean {
    return pruneQueries(this.policy, 0).length > 0;
  }

  start(): void {
    if (!this.enabled || this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.o.intervalMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    try {
      await this.runOnce();
    } catch (err) {
      // The store is unreachable for now: the next tick tries again.
      this.o.log?.warn({ err }, 'retention: pruning failed');
    }
  }

  /** One run: every query to the end, a batch at a time. Resolves with the rows deleted. */
  runOnce(): Promise<number> {
    this.running ??= this.prune().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async prune(): Promise<number> {
    let total = 0;
    for (const q of pruneQueries(this.policy, this.o.now())) {
      while (!this.stopped) {
        const n = await this.store.prune({ ...q, limit: this.o.batch });
        total += n;
        if (n < this.o.batch) break;
        await this.o.pause();
      }
    }
    if (total > 0) this.o.log?.info({ deleted: total }, 'retention: old events deleted');
    return total;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => {});
  }
}
