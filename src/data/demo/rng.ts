/**
 * A small seeded PRNG (sfc32: four 32-bit words of state, good statistical quality, fast in
 * JS) with the samplers the demo world and training need. Everything reproducible in reco
 * draws from one of these, never from Math.random.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box-Muller). */
  normal(): number;
  pick<T>(items: readonly T[]): T;
  /** Index drawn with probability proportional to `weights[i]`. */
  weightedIndex(weights: ArrayLike<number>, total?: number): number;
  poisson(lambda: number): number;
  /** Fisher-Yates shuffle in place. */
  shuffle<T extends { length: number; [i: number]: unknown }>(items: T): T;
}

export function createRng(seed: number): Rng {
  const next = sfc32(seed);
  // Mix the seed in before the first draw, so nearby seeds diverge at once.
  for (let i = 0; i < 15; i++) next();
  return samplers(next);
}

/** The sfc32 generator seeded with `seed`: each call a uniform draw in [0, 1). */
function sfc32(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  return (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

/** The samplers, each drawing from `next`. */
function samplers(next: () => number): Rng {
  return {
    next,
    int: (n) => Math.floor(next() * n),
    normal: () => {
      const u = 1 - next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    pick: (items) => items[Math.floor(next() * items.length)],
    weightedIndex: (weights, total) => {
      let sum = total;
      if (sum === undefined) {
        sum = 0;
        for (let i = 0; i < weights.length; i++) sum += weights[i];
      }
      let r = next() * sum;
      for (let i = 0; i < weights.length; i++) {
        r -= weights[i];
        if (r < 0) return i;
      }
      return weights.length - 1;
    },
    poisson: (lambda) => {
      // Knuth's method; the demo only needs small lambdas.
      const l = Math.exp(-lambda);
      let k = 0;
      let p = 1;
      do {
        k++;
        p *= next();
      } while (p > l);
      return k - 1;
    },
    shuffle: (items) => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const tmp = items[i];
        items[i] = items[j];
        items[j] = tmp;
      }
      return items;
    },
  };
}
