import type { CandidateIndex, SearchResult } from './candidate-index.ts';

/**
 * Brute-force inner-product search: exact, and for a few thousand items as fast as HNSW.
 * It is also the ground truth that HNSW recall is measured against.
 */
export class ExactIndex implements CandidateIndex {
  readonly isExact = true;
  readonly dim: number;
  readonly size: number;
  private readonly vectors: Float32Array;

  /** @param vectors [numItems, dim] row-major; row 0 (OOV) is never returned. */
  constructor(vectors: Float32Array, dim: number) {
    this.vectors = vectors;
    this.dim = dim;
    this.size = vectors.length / dim - 1;
  }

  search(query: Float32Array, k: number): SearchResult {
    const n = this.size + 1;
    const dim = this.dim;
    const v = this.vectors;
    const scores = new Float32Array(n);
    // Four running sums: independent adds keep the CPU's pipelines busy (~3x a single sum).
    const d4 = dim - (dim % 4);
    for (let i = 1; i < n; i++) {
      const o = i * dim;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let d = 0; d < d4; d += 4) {
        s0 += query[d] * v[o + d];
        s1 += query[d + 1] * v[o + d + 1];
        s2 += query[d + 2] * v[o + d + 2];
        s3 += query[d + 3] * v[o + d + 3];
      }
      for (let d = d4; d < dim; d++) s0 += query[d] * v[o + d];
      scores[i] = s0 + s1 + s2 + s3;
    }
    const top = topK(scores, Math.min(k, this.size), 1);
    return { items: top, scores: top.map((i) => scores[i]) };
  }

  save(): void {}
}

/** Indices of the k largest values of `scores[from..]`, best first (ties: lower index first). */
export function topK(scores: ArrayLike<number>, k: number, from = 0): number[] {
  const n = scores.length - from;
  const kk = Math.min(k, n);
  if (kk <= 0) return [];
  return kk * 8 <= n ? topKByHeap(scores, kk, from) : topKBySelect(scores, kk, from);
}

/**
 * Few of many (50 negatives of 5,000 items, 200 candidates of 5,000): one scan against the worst
 * of a k-entry min-heap; only the ~k·ln(n/k) values that beat it touch the heap. No copy of the
 * scores (the quickselect path copies them all), ~4x faster there.
 */
function topKByHeap(scores: ArrayLike<number>, k: number, from: number): number[] {
  // heap[0] is the worst kept: the lowest value, the higher index among equal values.
  const heap = new Int32Array(k);
  const worse = (a: number, b: number) => scores[a] < scores[b] || (scores[a] === scores[b] && a > b);
  const siftDown = (start: number) => {
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= k) return;
      const r = l + 1;
      const c = r < k && worse(heap[r], heap[l]) ? r : l;
      if (!worse(heap[c], heap[i])) return;
      const t = heap[i];
      heap[i] = heap[c];
      heap[c] = t;
      i = c;
    }
  };
  for (let i = 0; i < k; i++) heap[i] = from + i;
  for (let i = (k >> 1) - 1; i >= 0; i--) siftDown(i);
  // Later indices lose ties, so only a strictly higher value gets in.
  let floor = scores[heap[0]];
  for (let i = from + k; i < scores.length; i++) {
    if (!(scores[i] > floor)) continue;
    heap[0] = i;
    siftDown(0);
    floor = scores[heap[0]];
  }
  return Array.from(heap).sort((a, b) => scores[b] - scores[a] || a - b);
}

function topKBySelect(scores: ArrayLike<number>, kk: number, from: number): number[] {
  const n = scores.length - from;
  // Linear: find the k-th largest value by quickselect on a copy, take what beats it (and the
  // earliest ties), then sort only those k.
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = scores[from + i];
  const threshold = kthLargest(values, kk);
  const out: number[] = [];
  for (let i = from; i < scores.length; i++) if (scores[i] > threshold) out.push(i);
  for (let i = from; i < scores.length && out.length < kk; i++) if (scores[i] === threshold) out.push(i);
  return out.sort((a, b) => scores[b] - scores[a] || a - b);
}

/** The k-th largest value (1-based) of `a`, reordering `a` (Hoare quickselect, median of three). */
function kthLargest(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  const target = k - 1; // position in descending order
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const x = a[lo];
    const y = a[mid];
    const z = a[hi];
    const pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] > pivot) i++;
      while (a[j] < pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return a[target];
  }
  return a[target];
}
