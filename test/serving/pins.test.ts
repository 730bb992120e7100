import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createVocab } from '../../src/data/vocab.ts';
import { PinBoard, placePins, requestPins } from '../../src/serving/pins.ts';
import type { Candidate } from '../../src/serving/rules/rule.ts';

const vocab = createVocab(['a', 'b', 'c', 'd', 'e', 'f']);
const item = (itemId: string, pinned?: { from: number; until: number; slot?: number }) => ({
  itemId,
  topic: 't',
  tags: [],
  durationSec: 60,
  publishedAt: 0,
  ...(pinned ? { pinned } : {}),
});
const cand = (i: number, score: number): Candidate => ({
  item: i,
  retrievalScore: score,
  retrievalRank: i,
  score,
});
const final = [cand(1, 5), cand(2, 4), cand(3, 3), cand(4, 2)];

test('pins are live between from and until, for items the model knows; a repost without one unpins', () => {
  const board = new PinBoard();
  board.update([item('e', { from: 10, until: 20, slot: 2 }), item('zz', { from: 0, until: 99 })]);
  assert.deepEqual(board.active(vocab, 9), []);
  assert.deepEqual(board.active(vocab, 10), [{ item: vocab.index.get('e'), slot: 2 }]);
  assert.deepEqual(board.active(vocab, 20), [], 'until is exclusive');
  board.update([item('e')]);
  assert.deepEqual(board.active(vocab, 15), []);
  assert.equal(board.size, 1, 'the unknown item stays pinned for a later bundle');
});

test("a request's pins come first, then the catalogue's; unknown ids are skipped", () => {
  const board = new PinBoard();
  board.update([item('f', { from: 0, until: 100 })]);
  const f = vocab.index.get('f');
  const b = vocab.index.get('b');
  assert.deepEqual(requestPins(board, vocab, [{ itemId: 'b', slot: 3 }, { itemId: 'nope' }], 5), [
    { item: b, slot: 3 },
    { item: f, slot: undefined },
  ]);
});

test('unslotted pins lead, slotted ones take their position, the list keeps k and its scores in order', () => {
  const out = placePins(final, [{ item: 5 }, { item: 3, slot: 4 }], 4, new Set());
  assert.deepEqual(
    out.map((c) => c.item),
    [5, 1, 2, 3],
  );
  assert.deepEqual(
    out.map((c) => c.score),
    [5, 4, 3, 2],
  );
  assert.deepEqual(out[0].sources, [{ source: 'pinned', rank: 0 }]);
  assert.equal(out[0].retrievalRank, -1, 'not retrieved: explain shows rank 0');
  assert.equal(out[3].retrievalRank, 3, 'an item ranking found keeps its retrieval trace');
});

test('a slot past the end appends; a disliked or repeated pin is not forced in; no pins, no change', () => {
  assert.deepEqual(
    placePins(final, [{ item: 6, slot: 50 }], 10, new Set()).map((c) => c.item),
    [1, 2, 3, 4, 6],
  );
  assert.deepEqual(
    placePins(final, [{ item: 6 }, { item: 6, slot: 1 }], 10, new Set([6])).map((c) => c.item),
    [1, 2, 3, 4],
  );
  assert.deepEqual(
    placePins(final, [{ item: 2 }, { item: 2, slot: 3 }], 10, new Set()).map((c) => c.item),
    [2, 1, 3, 4],
  );
  assert.deepEqual(placePins(final, [], 2, new Set()), final);
});
