import type { Rng } from './rng.ts';

/** Weighted sampling by binary search over cumulative weights: O(log n) per draw. */
export function sampler(weights: ArrayLike<number>): (rng: Rng) => number {
  const cum = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    sum += weights[i];
    cum[i] = sum;
  }
  return (rng) => {
    const r = rng.next() * sum;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}
