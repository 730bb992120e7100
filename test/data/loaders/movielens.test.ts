import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadDataset } from '../../../src/data/loaders/load.ts';
import { detectMovieLens, parseCsvLine, readMovieLens } from '../../../src/data/loaders/movielens.ts';

// Hand-written fixtures in the three MovieLens layouts (invented titles and ratings).
const fixtures = new URL('../../fixtures/movielens/', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'reco-ml-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test('detects each format, and nothing in a non-MovieLens directory', () => {
  assert.equal(detectMovieLens(join(fixtures, '100k')), '100k');
  assert.equal(detectMovieLens(join(fixtures, '1m')), '1m');
  assert.equal(detectMovieLens(join(fixtures, 'csv')), 'csv');
  assert.equal(detectMovieLens(tmp), undefined);
});

test('100K: ratings -> watches (rating × 60 s), genres -> topic/tags, ages, sorted events', async () => {
  const d = await readMovieLens(join(fixtures, '100k'));
  assert.equal(d.events.length, 6);
  assert.deepEqual([...d.events][0], {
    userId: '1',
    itemId: '10',
    type: 'watch',
    timestamp: 881250949000,
    watchTime: 300,
  });
  assert.ok([...d.events].every((e, i, all) => i === 0 || e.timestamp >= all[i - 1].timestamp));
  const llamas = d.items.find((i) => i.itemId === '10')!;
  assert.deepEqual([llamas.topic, llamas.tags], ['Action', ['Action', 'Sci-Fi']]);
  assert.equal(llamas.publishedAt, Date.UTC(1994, 0, 1));
  assert.equal(d.items.find((i) => i.itemId === '12')!.publishedAt, Date.parse('01-Mar-1997'));
  // item 13 is rated but missing from u.item
  assert.deepEqual(d.items.find((i) => i.itemId === '13')!.topic, 'unknown');
  assert.deepEqual(
    d.users.find((u) => u.userId === '2'),
    { userId: '2', age: 53 },
  );
});

test('1M: "::" files, age bands, dislikes below a threshold, constant weights', async () => {
  const d = await readMovieLens(join(fixtures, '1m'), { dislikeBelow: 2, weight: 'constant' });
  assert.equal([...d.events].filter((e) => e.type === 'watch').length, 4);
  assert.deepEqual(
    [...d.events].filter((e) => e.type === 'dislike').map((e) => [e.userId, e.itemId]),
    [['2', '14']],
  );
  assert.ok([...d.events].filter((e) => e.type === 'watch').every((e) => e.watchTime === 60));
  assert.deepEqual(d.items.find((i) => i.itemId === '10')!.tags, ['Sci-Fi', 'Comedy']);
  assert.deepEqual(d.users, [
    { userId: '1', age: 1 },
    { userId: '2', age: 56 },
  ]);
});

test('CSV: quoted titles with commas, "(no genres listed)", users from ratings', async () => {
  assert.deepEqual(parseCsvLine('10,"Llamas, ""Again"" (1999)",Comedy'), [
    '10',
    'Llamas, "Again" (1999)',
    'Comedy',
  ]);
  const d = await loadDataset(join(fixtures, 'csv'));
  assert.equal(d.items.find((i) => i.itemId === '10')!.publishedAt, Date.UTC(1999, 0, 1));
  assert.equal(d.items.find((i) => i.itemId === '11')!.topic, 'unknown');
  assert.deepEqual(d.users.map((u) => u.userId).sort(), ['1', '2']);
  assert.equal([...d.events][0].watchTime, 150); // 2.5 stars, the earliest rating
});

test('a bad line names its file and line number', async () => {
  const dir = join(tmp, 'bad');
  cpSync(join(fixtures, '1m'), dir, { recursive: true });
  writeFileSync(join(dir, 'ratings.dat'), '1::10::5::978300760\n1::11::five::978302109\n');
  await assert.rejects(readMovieLens(dir), /ratings\.dat:2: rating: expected a number, got "five"/);
  await assert.rejects(readMovieLens(dir), { code: 'DATA_INVALID' });
  writeFileSync(join(dir, 'movies.dat'), '10::Title (1999)::Drama\n11::no genres\n');
  writeFileSync(join(dir, 'ratings.dat'), '1::10::5::978300760\n');
  await assert.rejects(readMovieLens(dir), {
    code: 'DATA_INVALID',
    message: /movies\.dat:2: expected MovieID::Title::Genres/,
  });
});
