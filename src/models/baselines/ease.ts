import { gramMatrix } from './gram.ts';

/**
 * EASE (Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019): the item–item
 * weight matrix B minimising ‖X − XB‖² + λ‖B‖² with diag(B) = 0 has the closed form
 * P = (XᵀX + λI)⁻¹, B_ij = −P_ij / P_jj (i ≠ j). A user's scores are x_u·B. One n × n inverse,
 * so it is for catalogues up to a few ten thousand items: {@link EASE_MAX_ITEMS}.
 */
export interface EaseConfig {
  lambda: number;
}

/** λ = 300: the value of the published MovieLens-100K baseline (docs/evaluation.md). */
export const DEFAULT_EASE: EaseConfig = { lambda: 300 };

/** Beyond this the n² matrix (8 bytes each) and the n³ inverse stop being a baseline's cost. */
export const EASE_MAX_ITEMS = 20_000;

/**
 * Inverse of a symmetric positive-definite matrix ([n * n], row-major) by Cholesky:
 * A = LLᵀ, A⁻¹ = L⁻ᵀL⁻¹. Returns a new matrix; `a` is left as it was.
 */
export function invertSpd(a: Float64Array, n: number): Float64Array {
  const l = Float64Array.from(a);
  // In place: the lower triangle becomes L (row-oriented, so the inner loop runs over rows' prefixes).
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let s = l[ri + j];
      for (let k = 0; k < j; k++) s -= l[ri + k] * l[rj + k];
      l[ri + j] = i === j ? Math.sqrt(Math.max(s, 1e-12)) : s / l[rj + j];
    }
  }
  // M = L⁻¹ (lower triangular), by forward substitution one row at a time.
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    const inv = 1 / l[ri + i];
    m[ri + i] = inv;
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let k = j; k < i; k++) s += l[ri + k] * m[k * n + j];
      m[ri + j] = -s * inv;
    }
  }
  // A⁻¹ = MᵀM: (A⁻¹)_ij = Σ_{k ≥ max(i,j)} M_ki M_kj, accumulated row k by row k.
  const out = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const rk = k * n;
    for (let i = 0; i <= k; i++) {
      const mki = m[rk + i];
      if (mki === 0) continue;
      const ro = i * n;
      for (let j = 0; j <= k; j++) out[ro + j] += mki * m[rk + j];
    }
  }
  return out;
}

/** B as [numItems * numItems] float32 (row i: how much watching i raises every other item). */
export function fitEase(
  histories: Iterable<readonly number[]>,
  numItems: number,
  config: EaseConfig = DEFAULT_EASE,
): Float32Array {
  if (numItems > EASE_MAX_ITEMS)
    throw new RangeError(
      `EASE: ${numItems} items is beyond its limit of ${EASE_MAX_ITEMS} (an n × n inverse)`,
    );
  const g = gramMatrix(histories, numItems);
  // The empty OOV row/column would make G singular without λ; λ > 0 keeps it invertible.
  for (let i = 0; i < numItems; i++) g[i * numItems + i] += config.lambda;
  const p = invertSpd(g, numItems);
  const b = new Float32Array(numItems * numItems);
  for (let i = 0; i < numItems; i++) {
    for (let j = 0; j < numItems; j++) {
      if (i !== j) b[i * numItems + j] = -p[i * numItems + j] / p[j * numItems + j];
    }
  }
  return b;
}
