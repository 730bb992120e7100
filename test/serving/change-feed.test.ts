import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StoreUnavailableError } from '../../src/errors.ts';
import { connectRedisFeed, NO_FEED } from '../../src/serving/change-feed.ts';
import { closedPort, serviceUrl } from '../helpers/services.ts';

const redis = serviceUrl('RECO_TEST_REDIS_URL');

/** Resolves after `ms`. */
const after = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('one replica: no feed, announcing is a no-op', async () => {
  assert.equal(NO_FEED.kind, 'none');
  NO_FEED.onChange(() => assert.fail('never called'));
  await NO_FEED.announce();
  await NO_FEED.close();
});

test('over Redis: an announcement reaches every other replica, not the one that made it', {
  skip: redis.skip,
}, async () => {
  const channel = `reco:test-changes:${process.pid}:${Date.now()}`;
  const [a, b, c] = await Promise.all([1, 2, 3].map(() => connectRedisFeed(redis.url, channel)));
  const heard = { a: 0, b: 0, c: 0 };
  a.onChange(() => heard.a++);
  b.onChange(() => heard.b++);
  c.onChange(() => heard.c++);
  try {
    await a.announce();
    await a.announce();
    const deadline = Date.now() + 2000;
    while ((heard.b < 2 || heard.c < 2) && Date.now() < deadline) await after(5);
    assert.deepEqual(heard, { a: 0, b: 2, c: 2 });
  } finally {
    await Promise.all([a, b, c].map((f) => f.close()));
  }
});

test('an unreachable Redis is a StoreUnavailableError whose message hides the password', async () => {
  const port = await closedPort();
  await assert.rejects(connectRedisFeed(`redis://user:s3cret@127.0.0.1:${port}`), (e: unknown) => {
    assert.ok(e instanceof StoreUnavailableError);
    assert.ok(!(e as Error).message.includes('s3cret'));
    return true;
  });
});
