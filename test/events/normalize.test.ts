import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Item, RecoEvent } from '../../src/data/types.ts';
import { isRecoError } from '../../src/errors.ts';
import { type EventInput, normalizeBatch, validateItems } from '../../src/events/normalize.ts';
import { DAY_MS } from '../../src/foundation/time.ts';

const NOW = Date.parse('2026-03-01T12:00:00Z');

/** The problems of a refused batch (asserting it is one). */
function problemsOf(f: () => unknown): { index: number; field: string; message: string }[] {
  try {
    f();
  } catch (e) {
    assert.ok(isRecoError(e));
    assert.equal(e.code, 'VALIDATION_ERROR');
    assert.equal(e.statusCode, 400);
    assert.match(e.message, /nothing was stored$/);
    return e.details as { index: number; field: string; message: string }[];
  }
  assert.fail('expected a ValidationError');
}

const ev = (over: Partial<EventInput> = {}): EventInput => ({
  userId: 'u1',
  itemId: 'i1',
  type: 'watch',
  ...over,
});

test('one event or an array: ids as strings, the time now when absent', () => {
  assert.deepEqual(normalizeBatch(ev(), NOW), [
    { userId: 'u1', itemId: 'i1', type: 'watch', timestamp: NOW },
  ]);
  const out = normalizeBatch([ev({ userId: 42, itemId: 0 }), ev({ type: 'like' })], NOW);
  assert.equal(out.length, 2);
  assert.equal(out[0].userId, '42');
  assert.equal((out[0] as RecoEvent).itemId, '0');
  assert.equal(out[1].type, 'like');
});

test('timestamps: epoch ms as given, ISO-8601 parsed', () => {
  assert.equal(normalizeBatch(ev({ timestamp: 123 }), NOW)[0].timestamp, 123);
  assert.equal(
    normalizeBatch(ev({ timestamp: '2026-02-01T00:00:00Z' }), NOW)[0].timestamp,
    Date.parse('2026-02-01T00:00:00Z'),
  );
  assert.equal(normalizeBatch(ev({ timestamp: '2026-02-01' }), NOW)[0].timestamp, Date.parse('2026-02-01'));
});

test('a timestamp that is not a date, or a number-like string, is refused', () => {
  for (const timestamp of ['yesterday', '1700000000000', '', '2026-13-45T00:00:00Z']) {
    assert.deepEqual(
      problemsOf(() => normalizeBatch(ev({ timestamp }), NOW)),
      [{ index: 0, field: 'timestamp', message: 'expected an ISO-8601 date-time or epoch milliseconds' }],
      timestamp,
    );
  }
  assert.equal(problemsOf(() => normalizeBatch(ev({ timestamp: Number.NaN }), NOW))[0].field, 'timestamp');
});

test('a timestamp before 1970 or more than a day ahead is refused; up to a day ahead is skew', () => {
  const bounds = 'must lie between 1970-01-01 and one day from now';
  assert.equal(problemsOf(() => normalizeBatch(ev({ timestamp: -1 }), NOW))[0].message, bounds);
  assert.equal(problemsOf(() => normalizeBatch(ev({ timestamp: NOW + DAY_MS + 1 }), NOW))[0].message, bounds);
  assert.equal(normalizeBatch(ev({ timestamp: NOW + DAY_MS }), NOW)[0].timestamp, NOW + DAY_MS);
  assert.equal(normalizeBatch(ev({ timestamp: 0 }), NOW)[0].timestamp, 0);
});

test('numeric ids must be non-negative safe integers', () => {
  const msg = 'expected a non-negative safe integer or a string';
  assert.deepEqual(
    problemsOf(() => normalizeBatch(ev({ userId: -1 }), NOW)),
    [{ index: 0, field: 'userId', message: msg }],
  );
  assert.deepEqual(
    problemsOf(() => normalizeBatch(ev({ itemId: 1.5 }), NOW)),
    [{ index: 0, field: 'itemId', message: msg }],
  );
  assert.equal(problemsOf(() => normalizeBatch(ev({ itemId: 2 ** 53 }), NOW))[0].field, 'itemId');
});

test('string ids follow the id rules: no blank, control character or ".." segment', () => {
  assert.equal(problemsOf(() => normalizeBatch(ev({ userId: '  ' }), NOW))[0].field, 'userId');
  assert.equal(problemsOf(() => normalizeBatch(ev({ itemId: 'a\u0000b' }), NOW))[0].field, 'itemId');
  assert.equal(problemsOf(() => normalizeBatch(ev({ itemId: '../etc' }), NOW))[0].field, 'itemId');
  assert.equal((normalizeBatch(ev({ itemId: 'a/b..c' }), NOW)[0] as RecoEvent).itemId, 'a/b..c');
});

test('watchTime only on watches, finite and non-negative', () => {
  assert.equal((normalizeBatch(ev({ watchTime: 0 }), NOW)[0] as RecoEvent).watchTime, 0);
  assert.equal((normalizeBatch(ev({ watchTime: 31.5 }), NOW)[0] as RecoEvent).watchTime, 31.5);
  assert.deepEqual(
    problemsOf(() => normalizeBatch(ev({ type: 'like', watchTime: 3 }), NOW)),
    [{ index: 0, field: 'watchTime', message: 'only allowed on watch events' }],
  );
  for (const watchTime of [-1, Number.POSITIVE_INFINITY, Number.NaN]) {
    assert.deepEqual(
      problemsOf(() => normalizeBatch(ev({ watchTime }), NOW)),
      [{ index: 0, field: 'watchTime', message: 'expected a finite number >= 0' }],
    );
  }
});

test('eventId is checked as an id and kept', () => {
  assert.equal(normalizeBatch(ev({ eventId: 'e-1' }), NOW)[0].eventId, 'e-1');
  assert.equal(problemsOf(() => normalizeBatch(ev({ eventId: '' }), NOW))[0].field, 'eventId');
});

test('a context is copied, its strings checked as labels; an empty one is dropped', () => {
  const context = { device: 'tv', country: 'FR' };
  const out = normalizeBatch(ev({ context }), NOW)[0];
  assert.deepEqual(out.context, context);
  assert.notEqual(out.context, context, 'a copy');
  assert.ok(!('context' in normalizeBatch(ev({ context: {} }), NOW)[0]));
  assert.deepEqual(
    problemsOf(() => normalizeBatch(ev({ context: { device: 'a\nb' } }), NOW)),
    [{ index: 0, field: 'context.device', message: 'must not contain control characters' }],
  );
});

test('all-or-nothing: every problem of every event is listed, with its index', () => {
  const problems = problemsOf(() =>
    normalizeBatch([ev(), ev({ userId: '', timestamp: 'x' }), ev(), ev({ type: 'skip', watchTime: 1 })], NOW),
  );
  assert.deepEqual(
    problems.map((p) => `${p.index}:${p.field}`),
    ['1:userId', '1:timestamp', '3:watchTime'],
  );
});

test('an empty batch is an empty result', () => {
  assert.deepEqual(normalizeBatch([], NOW), []);
});

const item = (over: Partial<Item> = {}): Item => ({
  itemId: 'i1',
  topic: 'news',
  tags: ['a', 'b'],
  durationSec: 60,
  publishedAt: 0,
  ...over,
});

test('valid items come back as given, one or many', () => {
  const one = item();
  assert.deepEqual(validateItems(one), [one]);
  assert.equal(validateItems(one)[0], one);
  assert.equal(validateItems([item(), item({ itemId: 'i2' })]).length, 2);
});

test('item ids, topics and tags are checked, each problem named by its field', () => {
  const problems = problemsOf(() =>
    validateItems([item({ itemId: 'x/../y' }), item({ topic: ' ' }), item({ tags: ['ok', '\u0007'] })]),
  );
  assert.deepEqual(problems, [
    { index: 0, field: 'itemId', message: 'must not contain a ".." path segment' },
    { index: 1, field: 'topic', message: 'must not be empty or only whitespace' },
    { index: 2, field: 'tags/1', message: 'must not contain control characters' },
  ]);
});

test('a topic may contain ".." (labels are not ids); a lone surrogate is refused', () => {
  assert.equal(validateItems(item({ topic: 'a..b', tags: ['..'] })).length, 1);
  assert.equal(problemsOf(() => validateItems(item({ tags: ['\ud800'] })))[0].field, 'tags/0');
});

test('a search keeps its query as typed and has no itemId', () => {
  const out = normalizeBatch(
    { userId: 5, type: 'search', query: '  Space Opera ', eventId: 's1', context: { device: 'tv' } },
    NOW,
  );
  assert.deepEqual(out, [
    {
      userId: '5',
      type: 'search',
      query: '  Space Opera ',
      timestamp: NOW,
      eventId: 's1',
      context: { device: 'tv' },
    },
  ]);
});

test('search rules: query required and well-formed, itemId and watchTime refused; query only on searches', () => {
  const s = (over: Partial<EventInput>): EventInput => ({ userId: 'u', type: 'search', query: 'q', ...over });
  const fields = (input: EventInput) => problemsOf(() => normalizeBatch(input, NOW)).map((p) => p.field);
  assert.deepEqual(fields(s({ query: undefined })), ['query']);
  assert.deepEqual(fields(s({ query: ' \t ' })), ['query']);
  assert.deepEqual(fields(s({ query: 'a\u0007' })), ['query']);
  assert.deepEqual(fields(s({ query: '\uD800x' })), ['query']);
  assert.deepEqual(fields(s({ itemId: 'i1' })), ['itemId']);
  assert.deepEqual(fields(s({ watchTime: 3 })), ['watchTime']);
  assert.deepEqual(fields({ userId: 'u', itemId: 'i', type: 'watch', query: 'q' }), ['query']);
  assert.deepEqual(fields({ userId: 'u', type: 'like' }), ['itemId']);
  assert.deepEqual(
    problemsOf(() => normalizeBatch([s({}), s({ query: undefined, itemId: 'i' })], NOW)).map((p) => p.index),
    [1, 1],
  );
});

test('recommendationId and position are kept on item events and refused on searches', () => {
  const [shown] = normalizeBatch(
    [{ userId: 'u', itemId: 'i', type: 'impression', recommendationId: 'r_1', position: 4, timestamp: 1 }],
    10,
  );
  assert.deepEqual(shown, {
    userId: 'u',
    itemId: 'i',
    type: 'impression',
    timestamp: 1,
    recommendationId: 'r_1',
    position: 4,
  });
  assert.throws(
    () =>
      normalizeBatch([{ userId: 'u', type: 'search', query: 'q', recommendationId: 'r', position: 1 }], 10),
    (e: { details: { field: string }[] }) =>
      e.details.map((d) => d.field).join() === 'recommendationId,position',
  );
});
