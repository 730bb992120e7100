import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadDataset } from '../../../src/data/loaders/load.ts';
import { readMovieLensTags } from '../../../src/data/loaders/movielens-tags.ts';

const fixtures = new URL('../../fixtures/movielens/', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'reco-tags-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('tags.csv: each tag is its user’s search at its time, in time order; blank tags skipped', async () => {
  assert.deepEqual(await readMovieLensTags(join(fixtures, 'csv-tags')), [
    { userId: '1', type: 'search', query: 'Space Opera', timestamp: 964_981_000_000 },
    { userId: '2', type: 'search', query: 'dark, funny', timestamp: 964_982_300_000 },
  ]);
});

test('no tags.csv: no searches, and the dataset has none', async () => {
  assert.deepEqual(await readMovieLensTags(join(fixtures, 'csv')), []);
  assert.equal((await loadDataset(join(fixtures, 'csv'))).searches, undefined);
});

test('loadDataset reads a MovieLens release’s tags as its searches', async () => {
  const d = await loadDataset(join(fixtures, 'csv-tags'));
  assert.deepEqual(
    d.searches?.map((s) => s.query),
    ['Space Opera', 'dark, funny'],
  );
  assert.ok(d.events.length > 0);
});

test('a bad tags.csv line fails with its file and line', async () => {
  const dir = join(root, 'bad');
  mkdirSync(dir);
  writeFileSync(join(dir, 'tags.csv'), 'userId,movieId,tag,timestamp\n1,2,ok,yesterday\n');
  await assert.rejects(readMovieLensTags(dir), /tags\.csv:2: timestamp: expected seconds/);
  writeFileSync(join(dir, 'tags.csv'), 'userId,movieId,tag,timestamp\n1,2\n');
  await assert.rejects(readMovieLensTags(dir), { code: 'DATA_INVALID' });
});
