import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ajv } from 'ajv';
import { MAX_BATCH } from '../../../src/http/schemas/events.ts';
import { ItemInputSchema, ItemsAcceptedSchema, postItemsSchema } from '../../../src/http/schemas/items.ts';

const ajv = new Ajv({ coerceTypes: false, strict: false });
ajv.addSchema(ItemInputSchema);
const body = ajv.compile(postItemsSchema.body);
const item = (over: Record<string, unknown> = {}) => ({
  itemId: 'i1',
  topic: 'news',
  tags: [],
  durationSec: 30,
  publishedAt: 0,
  ...over,
});

test('an item with its content fields is accepted, alone or in a batch', () => {
  assert.equal(body(item()), true);
  assert.equal(body([item(), item({ itemId: 'i2', tags: ['a', 'b'] })]), true);
  assert.equal(body(item({ publishedAt: 253_402_300_799_000, durationSec: 1e7 })), true, 'the upper bounds');
});

test('an item refuses missing, empty, oversized or unknown fields', () => {
  const bad: [string, unknown][] = [
    ['no topic', { itemId: 'i', tags: [], durationSec: 1, publishedAt: 0 }],
    ['empty itemId', item({ itemId: '' })],
    ['itemId of 257 characters', item({ itemId: 'x'.repeat(257) })],
    ['topic of 129 characters', item({ topic: 't'.repeat(129) })],
    ['an empty tag', item({ tags: [''] })],
    ['65 tags', item({ tags: Array.from({ length: 65 }, (_, i) => `t${i}`) })],
    ['zero duration', item({ durationSec: 0 })],
    ['duration over 1e7', item({ durationSec: 1e7 + 1 })],
    ['publishedAt as a float', item({ publishedAt: 1.5 })],
    ['publishedAt after year 9999', item({ publishedAt: 253_402_300_800_000 })],
    ['an unknown field', item({ rating: 5 })],
    ['id as an integer', item({ itemId: 7 })],
  ];
  for (const [name, value] of bad) assert.equal(body(value), false, name);
});

test('a batch is 1 to MAX_BATCH items', () => {
  assert.equal(body([]), false);
  assert.equal(body(Array.from({ length: MAX_BATCH }, () => item())), true);
  assert.equal(body(Array.from({ length: MAX_BATCH + 1 }, () => item())), false);
});

test('the answer is exactly stored and servable', () => {
  const accepted = new Ajv({ strict: false }).compile(ItemsAcceptedSchema);
  assert.equal(accepted({ stored: 2, servable: 1 }), true);
  assert.equal(accepted({ stored: 2 }), false);
  assert.equal(accepted({ stored: 2, servable: 1, extra: 0 }), false);
  assert.ok('202' in postItemsSchema.response && '413' in postItemsSchema.response);
});
