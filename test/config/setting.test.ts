import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bool, int, num, oneOf, str } from '../../src/config/setting.ts';
import { ConfigError } from '../../src/errors.ts';

const fails = (f: () => unknown, re: RegExp) =>
  assert.throws(f, (e: unknown) => e instanceof ConfigError && re.test(e.message));

test('int: integers within the bounds, inclusive; anything else names the setting and the value', () => {
  const p = int(1, 10);
  assert.equal(p('1', 'X'), 1);
  assert.equal(p('10', 'X'), 10);
  assert.equal(p(' 7 ', 'X'), 7, 'whitespace around a number is fine');
  for (const bad of ['0', '11', '2.5', 'abc', '1e400', 'NaN'])
    fails(() => p(bad, 'RECO_X'), /^RECO_X: expected an integer in \[1, 10\], got "/);
  fails(() => p('', 'RECO_X'), /got ""/);
});

test('num: finite numbers within the bounds', () => {
  const p = num(0, 1);
  assert.equal(p('0.25', 'X'), 0.25);
  assert.equal(p('1', 'X'), 1);
  assert.equal(p('1e-3', 'X'), 0.001);
  for (const bad of ['-0.1', '1.01', 'Infinity', 'x'])
    fails(() => p(bad, '--f'), /^--f: expected a number in \[0, 1\]/);
});

test('str: any non-blank value, kept as given', () => {
  assert.equal(str(' a b ', 'X'), ' a b ');
  fails(() => str('   ', 'RECO_S'), /^RECO_S: expected a non-empty value/);
});

test('bool: the usual spellings, any case; empty is false; anything else is refused', () => {
  for (const t of ['1', 'true', 'YES', ' on ']) assert.equal(bool(t, 'X'), true, t);
  for (const f of ['0', 'False', 'no', 'OFF', '']) assert.equal(bool(f, 'X'), false, f);
  fails(() => bool('maybe', 'RECO_B'), /^RECO_B: expected true or false, got "maybe"/);
});

test('oneOf: exactly one of the listed values (case matters), the list named on failure', () => {
  const p = oneOf(['a', 'b']);
  assert.equal(p('b', 'X'), 'b');
  fails(() => p('A', 'RECO_O'), /^RECO_O: expected one of a, b, got "A"/);
});
