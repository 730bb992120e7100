import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ok, printReport, runFuzz } from './fuzz.ts';

// The fuzzer's own code path, briefly (CI runs `npm run fuzz` for 30 s): every route driven,
// the valid path taken too (events acknowledged and checked against the reopened store), and
// no failure of any kind.
test('a 3 s fuzz run over every route finds no 5xx, hang, accepted broken request or lost event', async () => {
  const lines: string[] = [];
  const r = await runFuzz({ seconds: 3, seed: 7, log: (l) => lines.push(l) });
  printReport(r, (l) => lines.push(l));
  const summary = lines.join('\n');
  assert.ok(r.requests > 200, `${r.requests} requests`);
  assert.ok(Object.keys(r.byRoute).length >= 10, `routes driven: ${Object.keys(r.byRoute).join(', ')}`);
  assert.ok(r.invalidSent > r.requests / 4, 'a good share broken on purpose');
  assert.ok(r.viaSocket > 10, 'some through a real socket');
  assert.ok(r.acknowledgedEvents > 0, 'the ledger had events to check');
  assert.ok(ok(r), summary);
});
