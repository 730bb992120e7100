import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FailureLimiter } from '../../../src/http/plugins/failure-limiter.ts';

test('an address is blocked once it reaches the limit, for what is left of its window', () => {
  let now = 1000;
  const l = new FailureLimiter(3, 60_000, () => now);
  assert.equal(l.blockedFor('a'), 0, 'unknown address');
  l.fail('a');
  now += 10_000;
  l.fail('a');
  assert.equal(l.blockedFor('a'), 0, 'under the limit');
  l.fail('a');
  assert.equal(l.blockedFor('a'), 50_000, 'the window started at the first failure');
  assert.equal(l.blockedFor('b'), 0, 'other addresses are unaffected');
});

test('windows are fixed, not sliding: a failure after the window starts a new count', () => {
  let now = 0;
  const l = new FailureLimiter(2, 100, () => now);
  l.fail('a');
  now = 150;
  l.fail('a');
  assert.equal(l.blockedFor('a'), 0, 'one failure in the new window');
  l.fail('a');
  assert.equal(l.blockedFor('a'), 100);
  now = 249;
  assert.equal(l.blockedFor('a'), 1);
  now = 250;
  assert.equal(l.blockedFor('a'), 0);
});

test('an expired window is forgotten when it is looked at', () => {
  let now = 0;
  const l = new FailureLimiter(5, 100, () => now);
  l.fail('a');
  l.fail('b');
  assert.equal(l.size, 2);
  now = 100;
  assert.equal(l.blockedFor('a'), 0);
  assert.equal(l.size, 1);
});

test('a limit of 0 never blocks and tracks nothing', () => {
  const l = new FailureLimiter(0, 1000);
  for (let i = 0; i < 10; i++) l.fail('a');
  assert.equal(l.blockedFor('a'), 0);
  assert.equal(l.size, 0);
});

test('past 100,000 addresses expired windows go first, then the oldest', () => {
  let now = 0;
  const l = new FailureLimiter(1, 1000, () => now);
  for (let i = 0; i < 50_000; i++) l.fail(`old${i}`);
  now = 500;
  for (let i = 0; i < 50_000; i++) l.fail(`mid${i}`);
  assert.equal(l.size, 100_000);
  now = 1200; // the old windows have ended, the mid ones have not
  l.fail('new');
  assert.equal(l.size, 50_001, 'only the expired windows were swept');
  assert.equal(l.blockedFor('mid0'), 300, 'live windows are kept');
  for (let i = 0; i < 50_000; i++) l.fail(`late${i}`);
  assert.ok(l.size <= 100_000, `tracked ${l.size}`);
  assert.equal(l.blockedFor('mid0'), 0, 'the oldest live window made room');
  assert.equal(l.blockedFor('late49999'), 1000);
});
