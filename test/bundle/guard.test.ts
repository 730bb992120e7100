import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judge, REFUSED_EXIT_CODE } from '../../src/bundle/guard.ts';

const current = { version: 'v1', items: 1000, users: 200 };
const opts = { maxShrink: 0.1 };

test('the refusal exit status is its own (not a crash, not a bad flag)', () => {
  assert.equal(REFUSED_EXIT_CODE, 3);
});

test('growth, equality and a shrink up to maxShrink pass', () => {
  assert.equal(judge(current, { items: 1200, users: 250 }, undefined, opts), undefined);
  assert.equal(judge(current, { items: 1000, users: 200 }, undefined, opts), undefined);
  assert.equal(judge(current, { items: 900, users: 180 }, undefined, opts), undefined, 'exactly 10 % may go');
});

test('a catalogue shrinking beyond maxShrink is refused first, with both figures and the limit', () => {
  const r = judge(current, { items: 899, users: 10 }, undefined, opts);
  assert.equal(r?.code, 'CATALOGUE_SHRANK');
  assert.match(
    r!.message,
    /899 items, 10 % fewer than the 1000 of the current bundle v1 \(at most 10 % may go\)/,
  );
});

test('users shrinking beyond maxShrink; without a version the message still reads', () => {
  const r = judge({ items: 1000, users: 200 }, { items: 1000, users: 100 }, undefined, opts);
  assert.equal(r?.code, 'USERS_SHRANK');
  assert.match(r!.message, /knows 100 users, 50 % fewer than the 200 of the current bundle \(/);
});

test('an empty current bundle can never shrink', () => {
  assert.equal(judge({ items: 0, users: 0 }, { items: 0, users: 0 }, undefined, { maxShrink: 0 }), undefined);
});

test('a quality drop counts only beyond 0.01 plus two standard errors of the difference', () => {
  const same = { items: 1000, users: 200 };
  const q = (candidate: number, diffSe: number) => ({ rows: 150, current: 0.3, candidate, diffSe });
  assert.equal(judge(current, same, q(0.291, 0), opts), undefined, 'within the absolute margin');
  assert.equal(judge(current, same, q(0.26, 0.02), opts), undefined, 'within 0.01 + 2 x 0.02');
  const r = judge(current, same, q(0.2, 0.02), opts);
  assert.equal(r?.code, 'QUALITY_DROPPED');
  assert.match(
    r!.message,
    /NDCG@10 is 0\.2000 against 0\.3000 of the current bundle v1 on the same 150 .*0\.0500 noise margin/,
  );
  assert.equal(judge(current, same, { ...q(0, 0), rows: 0 }, opts), undefined, 'no shared rows: no verdict');
});

test('the catalogue check comes before quality', () => {
  const r = judge(
    current,
    { items: 10, users: 200 },
    { rows: 5, current: 0.9, candidate: 0, diffSe: 0 },
    opts,
  );
  assert.equal(r?.code, 'CATALOGUE_SHRANK');
});
