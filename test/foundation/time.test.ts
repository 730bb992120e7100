import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DAY_MS, HOUR_MS } from '../../src/foundation/time.ts';

test('an hour and a day in milliseconds', () => {
  assert.equal(HOUR_MS, 60 * 60 * 1000);
  assert.equal(DAY_MS, 24 * HOUR_MS);
  assert.equal(Date.UTC(2026, 0, 2) - Date.UTC(2026, 0, 1), DAY_MS);
});
