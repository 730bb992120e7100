/**
 * Counts failures per client address in fixed windows: after `limit` failures inside one window
 * the address is blocked until that window ends. Memory is bounded: expired windows are swept
 * as new addresses arrive, and past MAX_TRACKED addresses the oldest windows go first (an
 * attacker rotating IPv6 addresses can at worst forget its own entries, never grow the map).
 */
export class FailureLimiter {
  private readonly windows = new Map<string, { count: number; endsAt: number }>();

  constructor(
    /** Failures per window before blocking; 0 = never block. */
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until `address` may try again, 0 when it is not blocked. */
  blockedFor(address: string): number {
    if (this.limit === 0) return 0;
    const w = this.windows.get(address);
    if (!w) return 0;
    const left = w.endsAt - this.now();
    if (left <= 0) {
      this.windows.delete(address);
      return 0;
    }
    return w.count >= this.limit ? left : 0;
  }

  fail(address: string): void {
    if (this.limit === 0) return;
    const t = this.now();
    const w = this.windows.get(address);
    if (w && w.endsAt > t) {
      w.count++;
      return;
    }
    this.windows.delete(address);
    if (this.windows.size >= MAX_TRACKED) this.sweep(t);
    this.windows.set(address, { count: 1, endsAt: t + this.windowMs });
  }

  /** Addresses tracked now (for tests). */
  get size(): number {
    return this.windows.size;
  }

  private sweep(t: number): void {
    for (const [a, w] of this.windows) if (w.endsAt <= t) this.windows.delete(a);
    // Map iteration is insertion order, so these are the oldest windows.
    for (const a of this.windows.keys()) {
      if (this.windows.size < MAX_TRACKED) break;
      this.windows.delete(a);
    }
  }
}

const MAX_TRACKED = 100_000;
