import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSchema, openDatabase } from '../../src/events/sqlite-schema.ts';

test("a user's searches are read by their own partial index, not by a walk over all the user's events", () => {
  const db = openDatabase(':memory:');
  createSchema(db);
  const plan = db
    .prepare("EXPLAIN QUERY PLAN SELECT * FROM events WHERE user_id = ? AND type = 'search' ORDER BY ts, seq")
    .all('u') as { detail: string }[];
  assert.ok(
    plan.some((p) => p.detail.includes('events_user_search')),
    plan.map((p) => p.detail).join('; '),
  );
  db.close();
});
