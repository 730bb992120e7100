/**
 * Weighted alternating least squares for implicit feedback (Hu, Koren & Volinsky 2008; the
 * WALS of Google's recommendation course): minimise
 *
 *   Σ_{(u,i) observed} (1 − x_u·y_i)² + w0 · Σ_{(u,i) unobserved} (0 − x_u·y_i)² + λ(‖X‖² + ‖Y‖²)
 *
 * Each half-step is exact: with Y fixed, x_u = (w0·YᵀY + (1 − w0)·Σ_{i∈u} y_i y_iᵀ + λI)⁻¹ Σ_{i∈u} y_i,
 * which costs O(|u|·d² + d³) per user because YᵀY is shared. The baseline every model must beat.
 */
export interface WalsConfig {
  dim: number;
  /** Weight of unobserved entries. */
  w0: number;
  lambda: number;
  iterations: number;
  seed: number;
}

export const DEFAULT_WALS: WalsConfig = { dim: 32, w0: 0.05, lambda: 0.5, iterations: 10, seed: 3 };

export interface WalsModel {
  dim: number;
  /** [numUsers * dim] */
  users: Float64Array;
  /** [numItems * dim] */
  items: Float64Array;
}

/** Solves A x = b for symmetric positive-definite A ([n*n]) by Cholesky, in place of nothing. */
export function solveSpd(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = i === j ? Math.sqrt(Math.max(s, 1e-12)) : s / l[j * n + j];
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * y[k];
    y[i] = s / l[i * n + i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * x[k];
    x[i] = s / l[i * n + i];
  }
  return x;
}

function gram(m: Float64Array, rows: number, d: number): Float64Array {
  const g = new Float64Array(d * d);
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    for (let i = 0; i < d; i++) {
      const v = m[o + i];
      if (v === 0) continue;
      for (let j = 0; j < d; j++) g[i * d + j] += v * m[o + j];
    }
  }
  return g;
}

/** One half-step: recompute every row of `target` from `fixed` and the observed lists. */
function sweep(
  target: Float64Array,
  fixed: Float64Array,
  fixedRows: number,
  lists: number[][],
  cfg: WalsConfig,
): void {
  const d = cfg.dim;
  const base = gram(fixed, fixedRows, d);
  for (let i = 0; i < d * d; i++) base[i] *= cfg.w0;
  for (let i = 0; i < d; i++) base[i * d + i] += cfg.lambda;
  const a = new Float64Array(d * d);
  const b = new Float64Array(d);
  lists.forEach((obs, r) => {
    a.set(base);
    b.fill(0);
    for (const j of obs) {
      const o = j * d;
      for (let p = 0; p < d; p++) {
        const v = fixed[o + p];
        b[p] += v;
        const w = (1 - cfg.w0) * v;
        for (let q = 0; q < d; q++) a[p * d + q] += w * fixed[o + q];
      }
    }
    target.set(obs.length > 0 ? solveSpd(a, b, d) : new Float64Array(d), r * d);
  });
}

/**
 * Fits WALS on observed (user, item) pairs given as per-user item lists.
 * @param byUser byUser[u] = item indices user u interacted with.
 */
export function fitWals(
  byUser: number[][],
  numItems: number,
  cfg: WalsConfig,
  rand: () => number,
): WalsModel {
  const d = cfg.dim;
  const users = new Float64Array(byUser.length * d);
  const items = Float64Array.from({ length: numItems * d }, () => (rand() - 0.5) * 0.1);
  const byItem: number[][] = Array.from({ length: numItems }, () => []);
  byUser.forEach((list, u) => {
    for (const i of list) byItem[i].push(u);
  });
  for (let it = 0; it < cfg.iterations; it++) {
    sweep(users, items, numItems, byUser, cfg);
    sweep(items, users, byUser.length, byItem, cfg);
  }
  return { dim: d, users, items };
}

/** Scores of every item for user u: x_u · y_i. */
export function walsScores(m: WalsModel, u: number, numItems: number): Float32Array {
  const out = new Float32Array(numItems);
  const d = m.dim;
  for (let i = 0; i < numItems; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += m.users[u * d + k] * m.items[i * d + k];
    out[i] = s;
  }
  return out;
}
