import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ExactIndex } from '../../src/index/exact.ts';
import { HnswIndex } from '../../src/index/hnsw.ts';
import { indexRecall } from '../../src/index/recall.ts';
import { topK } from '../../src/models/top-k.ts';
import { randomVectors } from '../helpers/random.ts';

test('topK equals a full sort (score desc, index asc) on random data with ties', () => {
  let seed = 9;
  const rnd = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  for (let trial = 0; trial < 600; trial++) {
    const n = 1 + Math.floor(rnd() * 400);
    // Few distinct values in some trials: many ties at the threshold.
    const levels = trial % 3 === 0 ? 5 : 1000;
    const scores = Array.from({ length: n }, () => Math.floor(rnd() * levels) / levels);
    const from = Math.floor(rnd() * 3);
    // Half the trials ask for few of many (the heap path), half for any k (the quickselect path).
    const k = trial % 2 ? Math.floor(rnd() * (n + 5)) : 1 + Math.floor((rnd() * n) / 16);
    const want = Array.from({ length: Math.max(0, n - from) }, (_, i) => i + from)
      .sort((a, b) => scores[b] - scores[a] || a - b)
      .slice(0, k);
    assert.deepEqual(topK(scores, k, from), want, `n ${n} k ${k} from ${from}`);
  }
});

test('topK returns the k largest, best first, from the given start', () => {
  assert.deepEqual(topK([5, 1, 9, 3, 9, 7], 3, 1), [2, 4, 5]);
  assert.deepEqual(topK([1, 2], 5), [1, 0]);
});

test('exact index never returns the OOV row and ranks by inner product', () => {
  const v = Float32Array.from([100, 100, 1, 0, 0, 1, 1, 1]); // row 0 would win, but is OOV
  const idx = new ExactIndex(v, 2);
  assert.equal(idx.size, 3);
  const r = idx.search(Float32Array.from([1, 0.5]), 3);
  assert.deepEqual(r.items, [3, 1, 2]);
  assert.deepEqual(r.scores, [1.5, 1, 0.5]);
});

test('HNSW recall@100 against exact search is above 0.98, and survives save/load', () => {
  const dim = 16;
  const vectors = randomVectors(3001, dim, 1);
  const hnsw = HnswIndex.build(vectors, dim);
  const exact = new ExactIndex(vectors, dim);
  const queries = randomVectors(50, dim, 2);
  const recall = indexRecall(hnsw, exact, queries, dim, 100);
  assert.ok(recall > 0.98, `recall ${recall}`);
  assert.ok(!hnsw.search(queries.subarray(0, dim), 3000).items.includes(0));
  const dir = mkdtempSync(join(tmpdir(), 'reco-hnsw-'));
  try {
    hnsw.save(join(dir, 'index.hnsw'));
    const loaded = HnswIndex.load(join(dir, 'index.hnsw'), dim, 400);
    assert.equal(loaded.size, 3000);
    assert.deepEqual(loaded.search(queries.subarray(0, dim), 10), hnsw.search(queries.subarray(0, dim), 10));
    const meta = join(dir, 'index.hnsw.json');
    writeFileSync(meta, JSON.stringify({ ...JSON.parse(readFileSync(meta, 'utf8')), transform: 'cosine' }));
    assert.throws(() => HnswIndex.load(join(dir, 'index.hnsw'), dim, 400), {
      code: 'BUNDLE_INVALID',
      message: /index\.hnsw\.json: unknown transform "cosine"/,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('inner-product search stays exact when item norms vary widely (MIPS-to-L2 reduction)', () => {
  const dim = 16;
  const vectors = randomVectors(4001, dim, 3);
  // scale rows by 0.5x..2x, the spread of learnt item embeddings
  for (let i = 1; i < 4001; i++) {
    const f = 0.5 * 4 ** ((i % 97) / 96);
    for (let k = 0; k < dim; k++) vectors[i * dim + k] *= f;
  }
  const hnsw = HnswIndex.build(vectors, dim);
  const exact = new ExactIndex(vectors, dim);
  const queries = randomVectors(50, dim, 4);
  const recall = indexRecall(hnsw, exact, queries, dim, 100);
  assert.ok(recall > 0.98, `recall ${recall}`);
  const q = queries.subarray(0, dim);
  const a = hnsw.search(q, 5);
  const b = exact.search(q, 5);
  assert.deepEqual(a.items, b.items);
  for (const [i, s] of a.scores.entries()) {
    assert.ok(Math.abs(s - b.scores[i]) < 1e-3 * Math.max(1, Math.abs(s)), `${s} vs ${b.scores[i]}`);
  }
});
