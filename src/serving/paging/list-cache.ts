/**
 * The paged lists of the last TTL, bounded twice: by entries and by bytes (an estimate of what
 * each list holds), least recently used evicted first. A list is stable for its TTL, measured
 * from when it was computed (a read does not extend it), unless memory pressure evicts it first;
 * size the bounds for the peak rate of first pages × the TTL.
 */
export interface ListCacheLimits {
  ttlMs: number;
  maxEntries: number;
  maxBytes: number;
}

interface Slot<V> {
  value: V;
  bytes: number;
  expiresAt: number;
}

export class ListCache<V> {
  // A Map iterates in insertion order: re-inserting on every read keeps it in recency order.
  private readonly slots = new Map<string, Slot<V>>();
  private used = 0;

  constructor(
    private readonly limits: ListCacheLimits,
    private readonly clock: () => number = Date.now,
  ) {}

  get size(): number {
    return this.slots.size;
  }

  get bytes(): number {
    return this.used;
  }

  /** Stores `value`, then evicts the least recently used until both bounds hold again. */
  put(key: string, value: V, bytes: number): void {
    this.drop(key);
    if (bytes > this.limits.maxBytes || this.limits.maxEntries === 0) return;
    this.slots.set(key, { value, bytes, expiresAt: this.clock() + this.limits.ttlMs });
    this.used += bytes;
    while (this.slots.size > this.limits.maxEntries || this.used > this.limits.maxBytes) {
      const oldest = this.slots.keys().next().value as string;
      this.drop(oldest);
    }
  }

  /** The value, or undefined when it never was, has expired or was evicted. */
  get(key: string): V | undefined {
    const slot = this.slots.get(key);
    if (!slot) return undefined;
    if (this.clock() >= slot.expiresAt) {
      this.drop(key);
      return undefined;
    }
    this.slots.delete(key);
    this.slots.set(key, slot);
    return slot.value;
  }

  private drop(key: string): void {
    const slot = this.slots.get(key);
    if (!slot) return;
    this.slots.delete(key);
    this.used -= slot.bytes;
  }
}
