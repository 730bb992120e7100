import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CandidateIndex } from '../../src/index/candidate-index.ts';
import { ExactIndex } from '../../src/index/exact.ts';
import { indexRecall } from '../../src/index/recall.ts';
import { randomVectors } from '../helpers/random.ts';

const dim = 4;
const vectors = randomVectors(21, dim, 1);
const exact = new ExactIndex(vectors, dim);
const queries = randomVectors(6, dim, 2);

test('an index equal to exact search has recall 1; one that drops half its answers has 0.5', () => {
  assert.equal(indexRecall(exact, exact, queries, dim, 10), 1);
  const halved: CandidateIndex = {
    ...exact,
    search: (q, k) => {
      const r = exact.search(q, k);
      return { items: r.items.slice(0, k / 2), scores: r.scores.slice(0, k / 2) };
    },
    save() {},
  };
  assert.equal(indexRecall(halved, exact, queries, dim, 10), 0.5);
});

test('no queries: recall 1 (nothing to miss)', () => {
  assert.equal(indexRecall(exact, exact, new Float32Array(0), dim, 10), 1);
});
