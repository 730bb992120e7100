import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ok, printReport, runFuzz } from './fuzz.ts';

// The fuzzer's own code path, briefly (CI runs `npm run fuzz` for 30 s): every route driven,
// the valid path taken too (events acknowledged and checked against the reopened store), and
// no failure of any kind.
test('a 3 s fuzz run over every route finds no 5xx, hang, accepted broken request or lost event', async () => {
  // A time budget buys fewer requests on a loaded machine (48 in 3 s with 8 processes on 2
  // cores): the budget grows until the run is large enough to judge, so the test asserts what
  // the fuzzer found, not how fast the host is.
  let lines: string[] = [];
  let r = await runFuzz({ seconds: 3, seed: 7, log: (l) => lines.push(l) });
  for (const seconds of [10, 30]) {
    if (r.requests > 200 && r.acknowledgedEvents > 0) break;
    assert.ok(ok(r), lines.join('\n'));
    lines = [];
    r = await runFuzz({ seconds, seed: 7, log: (l) => lines.push(l) });
  }
  printReport(r, (l) => lines.push(l));
  const summary = lines.join('\n');
  assert.ok(r.requests > 200, `${r.requests} requests`);
  assert.ok(Object.keys(r.byRoute).length >= 10, `routes driven: ${Object.keys(r.byRoute).join(', ')}`);
  assert.ok(r.invalidSent > r.requests / 4, 'a good share broken on purpose');
  assert.ok(r.viaSocket > 10, 'some through a real socket');
  assert.ok(r.acknowledgedEvents > 0, 'the ledger had events to check');
  assert.ok(ok(r), summary);
});
