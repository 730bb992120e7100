import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import type { FastifyRequest } from 'fastify';
import { keyMatches, parseApiKeys, presentedKey } from '../../src/http/api-keys.ts';

const sha = (s: string) => createHash('sha256').update(s).digest();
const req = (headers: Record<string, string>) => ({ headers }) as unknown as FastifyRequest;

test('a key list is split on commas, trimmed, empties dropped, each kept as its sha256', () => {
  const hashes = parseApiKeys(' a ,, b,');
  assert.equal(hashes.length, 2);
  assert.deepEqual(hashes[0], sha('a'));
  assert.deepEqual(hashes[1], sha('b'));
  assert.deepEqual(parseApiKeys(''), []);
  assert.deepEqual(parseApiKeys(' , ,'), []);
});

test('a sha256:<hex> entry is taken as the hash itself, not hashed again', () => {
  const hex = sha('secret').toString('hex');
  const [h] = parseApiKeys(`sha256:${hex}`);
  assert.deepEqual(h, sha('secret'));
  assert.ok(keyMatches(parseApiKeys(`sha256:${hex}`), 'secret'));
  assert.ok(!keyMatches(parseApiKeys(`sha256:${hex}`), `sha256:${hex}`), 'the hash is not itself a key');
});

test('x-api-key wins over a bearer token; an empty x-api-key falls back to the bearer', () => {
  assert.equal(presentedKey(req({ 'x-api-key': 'k1', authorization: 'Bearer k2' })), 'k1');
  assert.equal(presentedKey(req({ 'x-api-key': '', authorization: 'Bearer k2' })), 'k2');
});

test('bearer is case-insensitive and trimmed; other schemes and empty tokens present no key', () => {
  assert.equal(presentedKey(req({ authorization: 'bearer   tok  ' })), 'tok');
  assert.equal(presentedKey(req({ authorization: 'BEARER tok' })), 'tok');
  assert.equal(presentedKey(req({ authorization: 'Bearer    ' })), undefined);
  assert.equal(presentedKey(req({ authorization: 'Basic dXNlcjpwYXNz' })), undefined);
  assert.equal(presentedKey(req({ authorization: 'Bearertok' })), undefined);
  assert.equal(presentedKey(req({})), undefined);
});

test('keyMatches finds a key anywhere in the list and ignores hashes of the wrong length', () => {
  const hashes = [Buffer.from('abcd', 'hex'), sha('one'), sha('two')];
  assert.ok(keyMatches(hashes, 'two'));
  assert.ok(keyMatches(hashes, 'one'));
  assert.ok(!keyMatches(hashes, 'three'));
  assert.ok(!keyMatches([], 'one'));
  assert.ok(!keyMatches(hashes, ''));
});
