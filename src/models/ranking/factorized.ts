import { BundleError } from '../../errors.ts';
import {
  PAIR_SCALARS,
  type QueryRow,
  type RankerLayout,
  type RankingContext,
  rankerLayout,
  summarizeHistory,
  writePairScalars,
} from '../../features/ranking.ts';
import { annOrigin, type Origin, writeSourceFeatures } from '../../features/source-features.ts';
import { queryDenseWidth } from '../../features/spec.ts';
import { readTidy } from '../../runtime/read.ts';
import { tf } from '../../runtime/tf.ts';
import { applyStack } from '../layers/dense.ts';
import type { Ranker } from './ranker.ts';

/**
 * The ranker as served: the same function as {@link Ranker.score} over the full pair features,
 * with the first layer split by what each input column depends on:
 *
 *   x·W1 + b1 = (ψ·W_ψ + dense·W_dense + b1)          per request, once
 *             + (v·W_v + W_topic[topic(v)])            per item, precomputed for the catalogue
 *             + [ψ⊙v | ψ·v | pair scalars | sources]·W_pair   per pair: the only matmul left
 *
 * On the demo catalogue the pair input is 75 columns instead of ~250, so the first layer costs a
 * third of the flops, and the JS that writes features per candidate shrinks likewise. Serving
 * ranks ~200 candidates per request, where that layer was most of the request's CPU time.
 */
export class FactorizedRanker {
  private readonly ranker: Ranker;
  private readonly layout: RankerLayout;
  private readonly dim: number;
  private readonly denseWidth: number;
  private readonly hidden: number;
  /** W1 [width, hidden] and b1, row-major, for the per-request part computed in JS. */
  private readonly w1: Float32Array;
  private readonly b1: Float32Array;
  /** W_pair: the rows of W1 for [ψ⊙v | ψ·v | pair scalars]. */
  private readonly pairW: tf.Tensor2D;
  private readonly vW: tf.Tensor2D;
  /** v·W_v + W_topic[topic] per catalogue item, [items * hidden]. */
  private itemPart = new Float32Array(0);
  private itemsDone = 0;
  private vectorsSeen: Float32Array | undefined;

  constructor(ranker: Ranker, ctx: Pick<RankingContext, 'spec' | 'dim' | 'sourceFeatures'>) {
    this.ranker = ranker;
    this.layout = rankerLayout(ctx.spec, ctx.dim, ctx.sourceFeatures);
    this.dim = ctx.dim;
    this.denseWidth = queryDenseWidth(ctx.spec);
    const first = ranker.layers[0];
    if (first.w.shape[0] !== this.layout.width) {
      throw new BundleError(
        `ranker input width ${first.w.shape[0]} does not match the feature layout's ${this.layout.width}`,
      );
    }
    this.hidden = first.w.shape[1] as number;
    this.w1 = first.w.dataSync() as Float32Array;
    this.b1 = first.b.dataSync() as Float32Array;
    const { prod, dot, scalars, v, sources, sourceWidth } = this.layout;
    [this.pairW, this.vW] = tf.tidy(() => [
      tf.concat([
        tf.slice(first.w, [prod, 0], [ctx.dim, this.hidden]),
        tf.slice(first.w, [dot, 0], [1, this.hidden]),
        tf.slice(first.w, [scalars, 0], [PAIR_SCALARS, this.hidden]),
        ...(sourceWidth > 0 ? [tf.slice(first.w, [sources, 0], [sourceWidth, this.hidden])] : []),
      ]) as tf.Tensor2D,
      tf.slice(first.w, [v, 0], [ctx.dim, this.hidden]) as tf.Tensor2D,
    ]);
  }

  /** Per-item terms for items added since the last call (all of them at first; cold start adds). */
  private syncItems(ctx: RankingContext): void {
    if (ctx.vectors === this.vectorsSeen) return;
    const n = ctx.vectors.length / this.dim;
    const from = this.vectorsSeen === undefined ? 0 : this.itemsDone;
    if (n > from) {
      const h = this.hidden;
      const part = new Float32Array(n * h);
      part.set(this.itemPart.subarray(0, from * h));
      const vw = readTidy(() =>
        tf.matMul(
          tf.tensor2d(ctx.vectors.subarray(from * this.dim, n * this.dim), [n - from, this.dim]),
          this.vW,
        ),
      );
      part.set(vw, from * h);
      for (let i = from; i < n; i++) {
        const t = (this.layout.topic + ctx.items.topic[i]) * h;
        for (let j = 0; j < h; j++) part[i * h + j] += this.w1[t + j];
      }
      this.itemPart = part;
      this.itemsDone = n;
    }
    this.vectorsSeen = ctx.vectors;
  }

  /**
   * Expected watch time of each candidate for one query (candidates in retrieval order; `ranks`
   * and `origins` as in candidateFeatures).
   */
  score(
    ctx: RankingContext,
    q: QueryRow,
    candidates: readonly number[],
    ranks?: ArrayLike<number>,
    origins?: readonly (readonly Origin[])[],
  ): Float32Array {
    const rows = candidates.length;
    if (rows === 0) return new Float32Array();
    this.syncItems(ctx);
    const summary = summarizeHistory(ctx, q);
    const { dim, hidden: h, w1, layout, itemPart } = this;
    const psi = q.psi.subarray(q.psiOffset, q.psiOffset + dim);
    const vectors = ctx.vectors;
    // Per request: b1 + ψ·W_ψ + dense·W_dense.
    const base = Float32Array.from(this.b1);
    for (let k = 0; k < dim; k++) {
      const a = psi[k];
      const r = (layout.psi + k) * h;
      for (let j = 0; j < h; j++) base[j] += a * w1[r + j];
    }
    for (let k = 0; k < this.denseWidth; k++) {
      const a = q.dense[q.denseOffset + k];
      if (a === 0) continue; // mostly one-hot
      const r = (layout.dense + k) * h;
      for (let j = 0; j < h; j++) base[j] += a * w1[r + j];
    }
    const sourceWidth = layout.sourceWidth;
    const pw = dim + 1 + PAIR_SCALARS + sourceWidth;
    const pair = new Float32Array(rows * pw);
    const bias = new Float32Array(rows * h);
    for (let c = 0; c < rows; c++) {
      const item = candidates[c];
      const o = c * pw;
      const vo = item * dim;
      let dot = 0;
      for (let k = 0; k < dim; k++) {
        const p = psi[k] * vectors[vo + k];
        pair[o + k] = p;
        dot += p;
      }
      pair[o + dim] = dot;
      const rank = ranks ? ranks[c] : c;
      writePairScalars(ctx, q, item, rank, summary, pair, o + dim + 1);
      if (sourceWidth > 0)
        writeSourceFeatures(origins?.[c] ?? annOrigin(rank), pair, o + dim + 1 + PAIR_SCALARS);
      const io = item * h;
      const bo = c * h;
      for (let j = 0; j < h; j++) bias[bo + j] = base[j] + itemPart[io + j];
    }
    const layers = this.ranker.layers;
    return readTidy(() => {
      const z = tf.add(tf.matMul(tf.tensor2d(pair, [rows, pw]), this.pairW), tf.tensor2d(bias, [rows, h]));
      const out = layers.length === 1 ? z : applyStack(layers.slice(1), tf.relu(z) as tf.Tensor2D);
      return tf.exp(tf.reshape(out, [-1]));
    });
  }

  dispose(): void {
    tf.dispose([this.pairW, this.vW]);
  }
}
