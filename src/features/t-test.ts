/**
 * Welch's two-sample t-test (unequal variances), the test item splitting uses to decide whether
 * an item is watched differently in a context. Two-sided p from Student's t distribution through
 * the regularised incomplete beta function: p = I_{df/(df+t²)}(df/2, 1/2).
 */
export interface TTest {
  t: number;
  df: number;
  p: number;
}

/** Summary of one sample: count, sum and sum of squares (so callers can accumulate in one pass). */
export interface Moments {
  n: number;
  sum: number;
  sumSq: number;
}

const variance = (m: Moments) => Math.max(0, (m.sumSq - (m.sum * m.sum) / m.n) / (m.n - 1));

/** Welch's t of sample a against sample b (each needs at least 2 values). */
export function welchTTest(a: Moments, b: Moments): TTest {
  if (a.n < 2 || b.n < 2) return { t: 0, df: 0, p: 1 };
  const va = variance(a) / a.n;
  const vb = variance(b) / b.n;
  const diff = a.sum / a.n - b.sum / b.n;
  const se = Math.sqrt(va + vb);
  if (se === 0)
    return diff === 0
      ? { t: 0, df: a.n + b.n - 2, p: 1 }
      : { t: Math.sign(diff) * Infinity, df: a.n + b.n - 2, p: 0 };
  const t = diff / se;
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  return { t, df, p: Math.min(1, incompleteBeta(df / (df + t * t), df / 2, 0.5)) };
}

/** ln Γ(x), Lanczos approximation (g = 7, 9 terms), for x > 0. */
function lnGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let s = c[0];
  for (let i = 1; i < 9; i++) s += c[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/** The regularised incomplete beta I_x(a, b) (continued fraction, Numerical Recipes' betacf). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise.
  if (x > (a + 1) / (a + b + 2)) return 1 - incompleteBeta(1 - x, b, a);
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < 1e-300 ? 1e-300 : d);
  let h = d;
  for (let m = 1; m <= 300; m++) {
    for (const num of [
      (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m)),
      -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1)),
    ]) {
      d = 1 + num * d;
      d = 1 / (Math.abs(d) < 1e-300 ? 1e-300 : d);
      c = 1 + num / c;
      if (Math.abs(c) < 1e-300) c = 1e-300;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-12) break;
  }
  return (front * h) / a;
}
