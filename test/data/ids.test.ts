import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { idProblem, textProblem } from '../../src/data/ids.ts';

test('ordinary labels and ids pass', () => {
  for (const s of ['u1', 'ユーザー', 'a/b', 'a..b', '..x', 'x..', 'émoji 🎬', ' padded ']) {
    assert.equal(textProblem(s), undefined, s);
    assert.equal(idProblem(s), undefined, s);
  }
});

test('empty and whitespace-only strings are refused', () => {
  for (const s of ['', ' ', '\t\n', '\u3000']) assert.match(textProblem(s) ?? '', /empty/, JSON.stringify(s));
});

test('control characters are refused', () => {
  for (const s of ['a\u0000b', 'a\nb', 'x\u001f', 'del\u007f']) {
    assert.match(textProblem(s) ?? '', /control/, JSON.stringify(s));
  }
});

test('lone surrogates are refused, surrogate pairs accepted', () => {
  assert.match(textProblem('a\uD800') ?? '', /Unicode/);
  assert.match(textProblem('\uDC00b') ?? '', /Unicode/);
  assert.match(textProblem('\uDC00\uD800') ?? '', /Unicode/, 'a pair in the wrong order');
  assert.equal(textProblem('\uD83C\uDFAC'), undefined);
});

test('a ".." path segment is refused in ids only', () => {
  for (const s of ['..', '../x', 'a/../b', 'a\\..\\b', 'x/..']) {
    assert.match(idProblem(s) ?? '', /\.\./, s);
    assert.equal(textProblem(s), undefined, s);
  }
});

test('agrees with String.prototype.isWellFormed on arbitrary UTF-16', () => {
  const wellFormed = (s: string) => (s as unknown as { isWellFormed(): boolean }).isWellFormed();
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), (s) => {
      const problem = textProblem(`x${s}x`);
      return !wellFormed(s) ? problem !== undefined : problem === undefined || !/Unicode/.test(problem);
    }),
  );
});
