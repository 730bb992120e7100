import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ok, runFuzz } from './fuzz.ts';

// The fuzzer's own code path, briefly (CI also runs `npm run fuzz` for 30 s).
test('a short fuzz run: requests over every route, no 5xx, no hang, nothing lost', async () => {
  const r = await runFuzz({ seconds: 3, seed: 7 });
  assert.ok(r.requests > 100, `${r.requests} requests`);
  assert.ok(Object.keys(r.byRoute).length >= 8, 'every documented route is driven');
  assert.ok(Object.keys(r.broken).length >= 8, 'many kinds of breakage');
  assert.ok(ok(r), r.failure ?? JSON.stringify(r));
});
