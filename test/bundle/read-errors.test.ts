import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadBundle } from '../../src/bundle/read.ts';
import { trainTinyBundle } from '../helpers/tiny-bundle.ts';

// What the decoders refuse in a damaged bundle (vocabulary, weights, index) is a BUNDLE_INVALID
// naming the bundle and the file, with no path of this host.
const root = mkdtempSync(join(tmpdir(), 'reco-read-errors-'));
const models = join(root, 'models');
let good: string;

before(async () => {
  good = (await trainTinyBundle(root, { scale: 0.05, epochs: 1, dim: 8, hidden: 16 })).manifest.version;
});
after(() => rmSync(root, { recursive: true, force: true }));

/** A copy of the good bundle, its JSON file `file` rewritten by `harm`. */
function damaged<J>(name: string, file: string, harm: (json: J) => unknown): string {
  const dir = join(models, name);
  cpSync(join(models, good), dir, { recursive: true });
  const path = join(dir, file);
  writeFileSync(path, JSON.stringify(harm(JSON.parse(readFileSync(path, 'utf8')) as J)));
  return dir;
}

async function refused(dir: string, message: RegExp): Promise<void> {
  await assert.rejects(loadBundle(dir, { minIndexRecall: 0 }), (e: Error & { code?: string }) => {
    assert.equal(e.code, 'BUNDLE_INVALID');
    assert.match(e.message, message);
    assert.ok(!e.message.includes(root), `no host path: ${e.message}`);
    return true;
  });
}

test('a vocabulary without the OOV marker names vocab.json', async () => {
  const dir = damaged('v1-vocab', 'vocab.json', (v: { items: string[] }) => ({
    ...v,
    items: v.items.slice(1),
  }));
  await refused(dir, /^bundle v1-vocab: vocab\.json is unusable: vocabulary: expected "<oov>" at index 0/);
});

test('a weight file that lacks a layer names the weights and the layer', async () => {
  const dir = damaged('v2-weights', 'ranker.weights.json', (w: { weights: { name: string }[] }) => ({
    ...w,
    weights: w.weights.map((s, i) => (i === 0 ? { ...s, name: 'renamed' } : s)),
  }));
  await refused(dir, /^bundle v2-weights: ranker weights: missing "/);
});

test('an index of an unknown transform names the index', async (t) => {
  const sidecar = readdirSync(join(models, good)).find((f) => f.startsWith('index') && f.endsWith('.json'));
  if (!sidecar) return t.skip('the trainer chose exact search: no index file');
  const dir = damaged('v3-index', sidecar, (m: object) => ({ ...m, transform: 'cosine' }));
  await refused(dir, /^bundle v3-index: the index is unusable: .*unknown transform "cosine"/);
});
