import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { loadBundle, resolveBundleDir } from '../../src/bundle/read.ts';
import { BundleError } from '../../src/errors.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { trainTinyBundle } from '../helpers/tiny-bundle.ts';

// What `reco train` writes, `loadBundle` reads back: the write/read round trip of a whole bundle.
const root = tempDir('reco-read-');
const models = join(root, 'models');
let version = '';
before(async () => {
  version = (await trainTinyBundle(root, { scale: 0.05, epochs: 1, dim: 8, hidden: 16 })).manifest.version;
});

test('resolveBundleDir: a models directory resolves through current, a bundle directory to itself', async () => {
  assert.ok((await resolveBundleDir(models)).endsWith(version));
  assert.equal(await resolveBundleDir(join(models, version)), await resolveBundleDir(models));
  await assert.rejects(
    resolveBundleDir(root),
    (e: unknown) => e instanceof BundleError && /no model bundle in the models directory/.test(e.message),
  );
});

test('a loaded bundle matches what was written: manifest, vocabulary, catalogue, users, vectors', async () => {
  const b = await loadBundle(models, { minIndexRecall: 0 });
  try {
    const dir = join(models, version);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    assert.deepEqual(b.manifest, manifest);
    const { numItems, dim } = b.manifest.dims;
    assert.equal(b.spec.items.ids.length, numItems);
    assert.equal(b.itemVectors.length, numItems * dim);
    assert.ok(b.itemVectors.every(Number.isFinite));
    const catalogue = JSON.parse(readFileSync(join(dir, 'items.json'), 'utf8'));
    assert.equal(b.items.filter(Boolean).length, catalogue.items.length);
    const first = catalogue.items[0];
    const i = b.spec.items.index.get(first.itemId)!;
    assert.deepEqual(b.items[i], first);
    assert.equal(b.itemTable.publishedAt[i], first.publishedAt);
    assert.equal(b.itemTable.watches[i], catalogue.watches[0]);
    const users = JSON.parse(readFileSync(join(dir, 'users.json'), 'utf8'));
    assert.equal(b.users.size, users.length);
    assert.deepEqual(b.users.get(users[0].userId), users[0]);
    assert.equal(b.manifest.kinds.ranker === 'none', b.ranker === undefined);
  } finally {
    b.dispose();
  }
});

test('the loaded index answers k items, best first', async () => {
  const b = await loadBundle(models, { minIndexRecall: 0 });
  try {
    const { dim } = b.manifest.dims;
    const k = 10;
    const r = b.index.search(b.itemVectors.subarray(1 * dim, 2 * dim), k);
    assert.equal(r.items.length, k);
    for (let j = 1; j < r.scores.length; j++) assert.ok(r.scores[j - 1] >= r.scores[j], 'best first');
  } finally {
    b.dispose();
  }
});

test('a bundle below the index recall floor is refused, naming the floor', async () => {
  await assert.rejects(
    loadBundle(models, { minIndexRecall: 1.01 }),
    (e: unknown) =>
      e instanceof BundleError &&
      new RegExp(`bundle ${version}: index recall@100 .* below the floor 1\\.01`).test(e.message),
  );
});
