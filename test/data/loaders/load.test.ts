import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadDataset } from '../../../src/data/loaders/load.ts';

const fixtures = new URL('../../fixtures/movielens/', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'reco-load-'));
after(() => rmSync(root, { recursive: true, force: true }));

const recoDir = join(root, 'reco');
mkdirSync(recoDir);
writeFileSync(
  join(recoDir, 'items.jsonl'),
  '{"itemId":"i1","topic":"t","tags":[],"durationSec":60,"publishedAt":0}\n',
);
writeFileSync(join(recoDir, 'events.jsonl'), '{"userId":"u","itemId":"i1","type":"watch","timestamp":5}\n');

test('auto-detects reco data directories', async () => {
  const d = await loadDataset(recoDir);
  assert.equal(d.source, recoDir);
  assert.deepEqual(
    d.items.map((i) => i.itemId),
    ['i1'],
  );
  assert.equal(d.events.length, 1);
});

test('auto-detects each MovieLens layout', async () => {
  for (const layout of ['100k', '1m', 'csv']) {
    const d = await loadDataset(join(fixtures, layout));
    assert.ok(d.items.length > 0 && d.events.length > 0, layout);
  }
});

test('an explicit format is obeyed', async () => {
  await assert.rejects(loadDataset(join(fixtures, '100k'), 'reco'), /not a reco data directory/);
  const d = await loadDataset(join(fixtures, '100k'), 'movielens');
  assert.ok(d.events.length > 0);
});

test('a directory in neither format is refused, naming both', async () => {
  const empty = join(root, 'empty');
  mkdirSync(empty);
  await assert.rejects(loadDataset(empty), {
    code: 'DATA_INVALID',
    message: /neither a reco data directory .* nor a MovieLens release/,
  });
  await assert.rejects(loadDataset(join(root, 'absent')), {
    code: 'DATA_INVALID',
    message: /absent: no such directory/,
  });
});
