import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FORMAT_VERSION, type Manifest, validateManifest } from '../../src/bundle/manifest.ts';
import { BundleError } from '../../src/errors.ts';

const good = (): Manifest =>
  ({
    formatVersion: FORMAT_VERSION,
    version: '20260101-000000000-abcdef01',
    createdAt: '2026-01-01T00:00:00.000Z',
    kinds: { retrieval: 'softmax-dnn', ranker: 'weighted-logistic-dnn', index: 'hnsw' },
    dims: { numItems: 10, dim: 8, denseWidth: 4, historyLength: 10, rankerWidth: 30 },
    config: {},
    data: { source: 't', fingerprint: 'f', items: 9, users: 3, events: 20 },
    metrics: {
      retrieval: { recall: {}, ndcg10: 0, mrr: 0, users: 0 },
      index: { recallAt100: 1, queries: 1 },
    },
    timings: {},
    curves: {},
    files: {},
  }) as Manifest;

test('a valid manifest comes back as is; ranker none and an exact index are valid kinds', () => {
  const m = good();
  assert.equal(validateManifest(m, 'b'), m);
  const other = { ...good(), kinds: { retrieval: 'softmax-dnn', ranker: 'none', index: 'exact' } };
  assert.doesNotThrow(() => validateManifest(other, 'b'));
});

test('not an object: a BundleError naming where the manifest is', () => {
  for (const bad of [null, 3, 'x', undefined]) {
    assert.throws(
      () => validateManifest(bad, 'bundle v1'),
      (e: unknown) =>
        e instanceof BundleError && /^bundle v1\/manifest\.json: expected a JSON object/.test(e.message),
    );
  }
});

test('another format version is refused with the advice to retrain', () => {
  assert.throws(
    () => validateManifest({ ...good(), formatVersion: 1 }, 'b'),
    /expected formatVersion 2, got 1; .*retrain with `reco train`/,
  );
  assert.throws(() => validateManifest({ ...good(), formatVersion: undefined }, 'b'), /got undefined/);
});

test('each field the loader relies on is named when it is wrong', () => {
  const cases: [Partial<Record<keyof Manifest, unknown>>, RegExp][] = [
    [{ version: '' }, /expected a "version" string/],
    [{ version: 7 }, /expected a "version" string/],
    [
      { kinds: { retrieval: 'two-tower', ranker: 'none', index: 'hnsw' } },
      /unknown retrieval kind "two-tower"/,
    ],
    [{ kinds: { retrieval: 'softmax-dnn', ranker: 'gbdt', index: 'hnsw' } }, /unknown ranker kind "gbdt"/],
    [{ kinds: { retrieval: 'softmax-dnn', ranker: 'none', index: 'ivf' } }, /unknown index kind "ivf"/],
    [{ kinds: undefined }, /unknown retrieval kind undefined/],
  ];
  for (const [patch, re] of cases) assert.throws(() => validateManifest({ ...good(), ...patch }, 'b'), re);
});

test('every dimension must be a positive integer', () => {
  for (const k of ['numItems', 'dim', 'denseWidth', 'historyLength', 'rankerWidth'] as const) {
    for (const v of [0, -1, 1.5, '8', undefined]) {
      const m = good();
      (m.dims as Record<string, unknown>)[k] = v;
      assert.throws(() => validateManifest(m, 'b'), new RegExp(`dims\\.${k}: expected a positive integer`));
    }
  }
  assert.throws(() => validateManifest({ ...good(), dims: undefined }, 'b'), /dims\.numItems/);
});
