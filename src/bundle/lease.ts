import { mkdir, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** Folder inside a bundle where each process serving it keeps one lease file. */
export const LEASE_DIR = '.leases';

/**
 * A lease older than this is a server that died without removing it (SIGKILL, OOM, a node that
 * vanished). Ten minutes is many refresh periods, so a live but busy server (a long GC pause,
 * a slow shared volume) never looks dead, and a crashed one blocks the clean-up for minutes,
 * not forever.
 */
export const LEASE_TTL_MS = 10 * 60_000;

/** How often a holder touches its lease: a tenth of the TTL, so several missed touches are harmless. */
const LEASE_REFRESH_MS = LEASE_TTL_MS / 10;

/** This process's lease name: the hostname tells pods apart on a shared volume, the pid workers. */
export function leaseName(): string {
  return `${hostname().replace(/[^A-Za-z0-9._-]/g, '_')}-${process.pid}`;
}

/** Leases of `bundleDir` touched less than `ttlMs` before `now`. */
export async function freshLeases(
  bundleDir: string,
  now = Date.now(),
  ttlMs = LEASE_TTL_MS,
): Promise<string[]> {
  const dir = join(bundleDir, LEASE_DIR);
  const names = await readdir(dir).catch(() => [] as string[]);
  const fresh: string[] = [];
  for (const name of names) {
    const st = await stat(join(dir, name)).catch(() => undefined);
    if (st?.isFile() && now - st.mtimeMs < ttlMs) fresh.push(name);
  }
  return fresh;
}

interface Log {
  warn?(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * The lease a serving process holds on the bundle it serves, so that `reco gc` (and the GC after
 * each `reco train`) leaves that bundle alone even when `current` has moved on and the bundle is
 * older than the ones kept. Its own unref'd timer refreshes it, independent of the reload
 * polling, which may be off.
 *
 * Failing to write a lease never stops serving (a read-only models volume is a legitimate
 * setup); it is logged once, and the bundle is then protected only by the number kept.
 */
export class BundleLease {
  /** Usually one bundle; two while a new one loads beside the one still serving. */
  private readonly dirs = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private warned = false;
  private readonly name = leaseName();

  constructor(
    private readonly log: Log,
    private readonly refreshMs = LEASE_REFRESH_MS,
  ) {}

  /** The bundle directories leased now. */
  get held(): string[] {
    return [...this.dirs];
  }

  /** Leases `bundleDir` and keeps the lease fresh until {@link drop} or {@link release}. */
  async hold(bundleDir: string): Promise<void> {
    if (!this.dirs.has(bundleDir)) {
      this.dirs.add(bundleDir);
      await this.write(bundleDir);
    }
    if (!this.timer) {
      this.timer = setInterval(() => void this.touchAll(), this.refreshMs);
      this.timer.unref();
    }
  }

  /** Gives up the lease on one bundle (the one swapped out, or one that failed to load). */
  async drop(bundleDir: string): Promise<void> {
    if (!this.dirs.delete(bundleDir)) return;
    await this.remove(bundleDir);
  }

  /** Removes every lease and stops refreshing (shutdown). */
  async release(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const dirs = [...this.dirs];
    this.dirs.clear();
    await Promise.all(dirs.map((d) => this.remove(d)));
  }

  private async write(dir: string): Promise<void> {
    try {
      await mkdir(join(dir, LEASE_DIR), { recursive: true });
      const body = { pid: process.pid, since: new Date().toISOString() };
      await writeFile(join(dir, LEASE_DIR, this.name), `${JSON.stringify(body)}\n`);
    } catch (e) {
      if (!this.warned) {
        this.warned = true;
        (this.log.warn ?? this.log.error).call(
          this.log,
          { err: e, dir },
          'cannot write a bundle lease; bundle GC will protect this bundle only by the number kept',
        );
      }
    }
  }

  private async touchAll(): Promise<void> {
    const t = new Date();
    for (const dir of this.dirs) {
      // Rewrite when the file is gone (a restored volume, a hand clean-up), else just touch it.
      await utimes(join(dir, LEASE_DIR, this.name), t, t).catch(() => this.write(dir));
    }
  }

  private async remove(dir: string): Promise<void> {
    await rm(join(dir, LEASE_DIR, this.name), { force: true }).catch(() => {});
  }
}
