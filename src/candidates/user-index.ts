/** Recent watches kept per indexed user: what the `neighbours` source pools. */
export const RECENT_PER_USER = 10;

/**
 * Users' current query embeddings ψ(x), for "closest users": a fixed-capacity table (bounded
 * memory: capacity × (dim + RECENT_PER_USER) × 4 bytes), searched exactly by cosine. A user is
 * upserted whenever their ψ(x) is computed (each request, so the index follows their history);
 * when full, the least recently upserted user gives up their slot.
 */
const EMPTY = new Float32Array(0);
const NONE: ReadonlySet<number> = new Set();

export class UserIndex {
  private readonly vectors: Float32Array;
  private readonly recent: Int32Array;
  private readonly ids: (string | undefined)[];
  private readonly stamp: Float64Array;
  private readonly slots = new Map<string, number>();
  private clock = 0;
  /** Slots whose vector changed since `unitVectors()` was read (see nearestScored). */
  private changed: Set<number> | undefined;

  constructor(
    readonly dim: number,
    readonly capacity: number,
  ) {
    this.vectors = new Float32Array(capacity * dim);
    this.recent = new Int32Array(capacity * RECENT_PER_USER);
    this.ids = new Array(capacity);
    this.stamp = new Float64Array(capacity);
  }

  get size(): number {
    return this.slots.size;
  }

  has(userId: string): boolean {
    return this.slots.has(userId);
  }

  /** Stores the user's ψ(x) (normalised) and their last watches (oldest first). */
  upsert(userId: string, psi: Float32Array, watched: readonly number[]): void {
    if (this.capacity === 0) return;
    let slot = this.slots.get(userId);
    if (slot === undefined) {
      slot = this.slots.size < this.capacity ? this.slots.size : this.oldest();
      const old = this.ids[slot];
      if (old !== undefined) this.slots.delete(old);
      this.slots.set(userId, slot);
      this.ids[slot] = userId;
    }
    let norm = 0;
    for (let d = 0; d < this.dim; d++) norm += psi[d] * psi[d];
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < this.dim; d++) this.vectors[slot * this.dim + d] = psi[d] * inv;
    this.changed?.add(slot);
    const r = this.recent.subarray(slot * RECENT_PER_USER, (slot + 1) * RECENT_PER_USER);
    r.fill(0);
    const last = watched.slice(-RECENT_PER_USER);
    r.set(last.reverse()); // latest first
    this.stamp[slot] = ++this.clock;
  }

  /**
   * Forgets a user (an erasure): the last slot moves into theirs, so the slots stay dense for
   * `nearest`. Returns whether they were indexed.
   */
  remove(userId: string): boolean {
    const slot = this.slots.get(userId);
    if (slot === undefined) return false;
    const last = this.slots.size - 1;
    const moved = this.ids[last] as string;
    this.changed?.add(slot).add(last);
    if (slot !== last) {
      this.vectors.copyWithin(slot * this.dim, last * this.dim, (last + 1) * this.dim);
      this.recent.copyWithin(slot * RECENT_PER_USER, last * RECENT_PER_USER, (last + 1) * RECENT_PER_USER);
      this.stamp[slot] = this.stamp[last];
      this.ids[slot] = moved;
      this.slots.set(moved, slot);
    }
    // Zeroed, not just unlinked: the erased user's vector and watches leave memory too.
    this.vectors.fill(0, last * this.dim, (last + 1) * this.dim);
    this.recent.fill(0, last * RECENT_PER_USER, (last + 1) * RECENT_PER_USER);
    this.stamp[last] = 0;
    this.ids[last] = undefined;
    this.slots.delete(userId);
    return true;
  }

  /** The `k` users most cosine-similar to `psi`, best first, leaving out `exclude`. */
  nearest(psi: Float32Array, k: number, exclude?: string): { userId: string; score: number; slot: number }[] {
    return this.best(psi, k, exclude);
  }

  /**
   * The indexed users' unit ψ as they stand, [size, dim], for a caller that scores a block of
   * queries against them in one product (training's replay, which asks once per moment); the
   * slots upserted or moved from now on are tracked, so that nearestScored scores them afresh.
   */
  unitVectors(): Float32Array {
    this.changed = new Set();
    return this.vectors.slice(0, this.slots.size * this.dim);
  }

  /**
   * `nearest`, given `dots`: ψ·u against each slot of the last `unitVectors()` (ψ as given, not
   * normalised). Slots changed or added since are scored here, so the answer is nearest's (to
   * rounding): only the search's arithmetic moves into the caller's product.
   */
  nearestScored(
    psi: Float32Array,
    dots: Float32Array,
    k: number,
    exclude?: string,
  ): { userId: string; score: number; slot: number }[] {
    return this.best(psi, k, exclude, dots, this.changed ?? NONE);
  }

  /** The top-k search of both: ψ·u from `dots` where given and unchanged, else computed here. */
  private best(
    psi: Float32Array,
    k: number,
    exclude?: string,
    dots: Float32Array = EMPTY,
    changed: ReadonlySet<number> = NONE,
  ): { userId: string; score: number; slot: number }[] {
    if (k <= 0) return []; // else best[k - 1] below reads past the start
    let norm = 0;
    for (let d = 0; d < this.dim; d++) norm += psi[d] * psi[d];
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    const n = this.slots.size;
    // Locals, not fields, in the hot loop: one exact search runs per training moment too.
    const { dim, vectors, ids } = this;
    const best: { slot: number; score: number }[] = [];
    for (let s = 0; s < n; s++) {
      let dot: number;
      if (s < dots.length && !changed.has(s)) dot = dots[s];
      else {
        const o = s * dim;
        dot = 0;
        for (let d = 0; d < dim; d++) dot += psi[d] * vectors[o + d];
      }
      dot *= inv;
      if (ids[s] === exclude) continue;
      if (best.length < k) {
        best.push({ slot: s, score: dot });
        if (best.length === k) best.sort((a, b) => b.score - a.score);
      } else if (dot > best[k - 1].score) {
        let i = k - 1;
        while (i > 0 && best[i - 1].score < dot) {
          best[i] = best[i - 1];
          i--;
        }
        best[i] = { slot: s, score: dot };
      }
    }
    if (best.length < k) best.sort((a, b) => b.score - a.score);
    return best.map((b) => ({ userId: this.ids[b.slot]!, score: b.score, slot: b.slot }));
  }

  /** The indexed user's last watches, latest first. */
  recentOf(slot: number): number[] {
    const out: number[] = [];
    for (let j = 0; j < RECENT_PER_USER; j++) {
      const item = this.recent[slot * RECENT_PER_USER + j];
      if (item > 0) out.push(item);
    }
    return out;
  }

  private oldest(): number {
    let slot = 0;
    for (let s = 1; s < this.capacity; s++) if (this.stamp[s] < this.stamp[slot]) slot = s;
    return slot;
  }
}
