import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { createVocab, lookup, vocabFromIds, vocabSize } from '../../src/data/vocab.ts';

test('indices follow first-seen order from 1; index 0 is the OOV bucket', () => {
  const v = createVocab(['b', 'a', 'b', 'c', 'a']);
  assert.deepEqual(v.ids.slice(1), ['b', 'a', 'c']);
  assert.equal(lookup(v, 'b'), 1);
  assert.equal(lookup(v, 'a'), 2);
  assert.equal(lookup(v, 'c'), 3);
  assert.equal(vocabSize(v), 4);
});

test('unknown and undefined ids map to 0', () => {
  const v = createVocab(['x']);
  assert.equal(lookup(v, 'y'), 0);
  assert.equal(lookup(v, undefined), 0);
  assert.equal(lookup(v, v.ids[0]), 0, 'the OOV marker itself is not a real id');
});

test('the OOV marker among the values is not given an index of its own', () => {
  const oov = createVocab([]).ids[0];
  const v = createVocab(['a', oov, 'b']);
  assert.deepEqual(v.ids, [oov, 'a', 'b']);
});

test('vocabFromIds restores what createVocab built, and refuses ids without the OOV marker', () => {
  fc.assert(
    fc.property(fc.array(fc.string({ minLength: 1, maxLength: 6 })), (values) => {
      const v = createVocab(values);
      const r = vocabFromIds(v.ids);
      assert.deepEqual([...r.index], [...v.index]);
      for (const s of values) assert.equal(lookup(r, s), lookup(v, s));
      for (const [id, i] of v.index) assert.equal(v.ids[i], id);
    }),
  );
  // Ids come from a bundle's vocab.json: a bad one is the bundle's fault (422, BUNDLE_INVALID).
  assert.throws(() => vocabFromIds(['a', 'b']), {
    code: 'BUNDLE_INVALID',
    message: /expected "<oov>" at index 0/,
  });
});
