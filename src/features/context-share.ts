import { DURATION_BANDS, durationBand } from '../data/context.ts';

/**
 * Post-filtering (Adomavicius et al.): a list made without context is adjusted by what this user
 * does in the request's context. Items are grouped by duration band; the share of the user's
 * watches in each band among the watches made in the request's conditions, p_ctx(g), is smoothed
 * toward the user's overall share p(g) (a few watches in a context say little), and an item's
 * score moves by strength · log(p_ctx(g) / p(g)). With logits as scores (ψ·v, log expected
 * watch time) and strength 1 this is Bayes' rule: p(i | ctx) ∝ p(i) · p(g(i) | ctx) / p(g(i)).
 */
export interface ContextShareParams {
  /** 0 = off; 1 = the Bayes reweighting. */
  strength: number;
  /** Pseudo-watches pulling the in-context share toward the overall one. */
  smoothing: number;
}

/** One past watch: the duration of its item and the conditions it was made in. */
export interface SituatedWatch {
  durationSec: number;
  conditions: readonly string[];
}

/** Watches made in every one of the request's conditions count as "in this context". */
const inContext = (w: SituatedWatch, request: readonly string[]) =>
  request.every((c) => w.conditions.includes(c));

/** log(p_ctx(g) / p(g)) per duration band (index as in DURATION_BANDS); zeros without history. */
export function contextShareBoosts(
  history: readonly SituatedWatch[],
  request: readonly string[],
  smoothing: number,
): Float64Array {
  const nG = DURATION_BANDS.length;
  const all = new Float64Array(nG);
  const ctx = new Float64Array(nG);
  let nCtx = 0;
  for (const w of history) {
    const g = DURATION_BANDS.indexOf(durationBand(w.durationSec));
    all[g]++;
    if (inContext(w, request)) {
      ctx[g]++;
      nCtx++;
    }
  }
  const out = new Float64Array(nG);
  if (nCtx === 0) return out;
  for (let g = 0; g < nG; g++) {
    // Laplace on the overall share, so a band never watched still has a finite ratio.
    const overall = (all[g] + 1) / (history.length + nG);
    const inCtx = (ctx[g] + smoothing * overall) / (nCtx + smoothing);
    out[g] = Math.log(inCtx / overall);
  }
  return out;
}

/** The boost of an item of `durationSec`: strength · log(p_ctx / p) of its band. */
export function bandBoost(boosts: Float64Array, durationSec: number, strength: number): number {
  return strength === 0 ? 0 : strength * boosts[DURATION_BANDS.indexOf(durationBand(durationSec))];
}
