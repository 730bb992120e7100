import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeCursor, encodeCursor } from '../../src/http/event-cursor.ts';

test('a cursor round-trips its key and is base64url', () => {
  for (const key of [
    { ts: 0, seq: 1 },
    { ts: 1_700_000_000_123, seq: 98_765 },
    { ts: Number.MAX_SAFE_INTEGER, seq: Number.MAX_SAFE_INTEGER },
  ]) {
    const c = encodeCursor(key);
    assert.match(c, /^[A-Za-z0-9_-]+$/);
    assert.deepEqual(decodeCursor(c), key);
  }
});

test('anything this module did not write is a 400 naming cursor', () => {
  const good = encodeCursor({ ts: 5, seq: 7 });
  for (const c of [
    '',
    'x',
    `${good}=`,
    `${good}A`,
    good.replace(/.$/, '+'),
    Buffer.from('5.7.1').toString('base64url'),
    Buffer.from('-5.7').toString('base64url'),
    Buffer.from('5.').toString('base64url'),
    Buffer.from('99999999999999999.1').toString('base64url'),
  ]) {
    assert.throws(
      () => decodeCursor(c),
      (e: { code?: string; statusCode?: number; details?: { field: string }[] }) =>
        e.code === 'VALIDATION_ERROR' && e.statusCode === 400 && e.details?.[0].field === 'cursor',
      JSON.stringify(c),
    );
  }
});
