import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SEARCH_BUCKETS, searchBuckets, searchTokens } from '../../src/features/search-tokens.ts';

test('tokens: NFKC, lower case, split on punctuation and spaces, one-character tokens dropped', () => {
  assert.deepEqual(searchTokens('  Space-Opera!! a  I 2 HD'), ['space', 'opera', 'hd']);
  assert.deepEqual(
    searchTokens('ＣＯＯＫＩＮＧ　Ｒｅｃｉｐｅｓ'),
    ['cooking', 'recipes'],
    'full-width folds',
  );
  assert.deepEqual(searchTokens('Crème brûlée, 2026'), ['crème', 'brûlée', '2026']);
  assert.deepEqual(searchTokens('東京 映画'), ['東京', '映画']);
  assert.deepEqual(searchTokens('?!… --'), []);
});

test('tokens: at most 16 per query', () => {
  assert.equal(searchTokens(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ')).length, 16);
});

test('buckets: 1..B, stable, the same for the same token, 0 never used (padding)', () => {
  const b = searchBuckets('Cooking cooking COOKING pasta', DEFAULT_SEARCH_BUCKETS);
  assert.equal(b.length, 4);
  assert.equal(b[0], b[1]);
  assert.equal(b[1], b[2]);
  assert.notEqual(b[0], b[3]);
  for (const x of searchBuckets('a b cd ef gh ij kl mn op', 3)) assert.ok(x >= 1 && x <= 3);
  assert.deepEqual(searchBuckets('cooking', 4096), searchBuckets('Cooking!', 4096));
});
