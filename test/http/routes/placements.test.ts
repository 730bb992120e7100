import assert from 'node:assert/strict';
import { test } from 'node:test';
import { build, errorCode } from '../../helpers/build-app.ts';

test('GET /placements lists the built-ins with their page sizes, rules and quotas', async (t) => {
  const { app } = await build(t);
  const res = await app.inject({ url: '/placements' });
  assert.equal(res.statusCode, 200);
  const { placements } = res.json();
  assert.deepEqual(
    placements.map((p: { name: string }) => p.name),
    ['home', 'watch-next', 'email'],
  );
  const email = placements.find((p: { name: string }) => p.name === 'email');
  assert.deepEqual(
    { defaultK: email.defaultK, maxK: email.maxK, rules: email.rules, sources: email.sources },
    { defaultK: 6, maxK: 20, rules: { freshnessBoost: 1, maxPerTopic: 2 }, sources: { fresh: 20 } },
  );
});

test('?placement= on GET and POST: its default k; unknown is 400 UNKNOWN_PLACEMENT; k over its maxK 400', async (t) => {
  const { app } = await build(t);
  const get = await app.inject({ url: '/recommendations/u1?placement=email' });
  assert.equal(get.json().items.length, 6);
  const post = await app.inject({
    method: 'POST',
    url: '/recommendations/u1',
    payload: { placement: 'watch-next' },
  });
  assert.equal(post.json().items.length, 10);
  const unknown = await app.inject({ url: '/recommendations/u1?placement=homepage' });
  assert.equal(unknown.statusCode, 400);
  assert.equal(errorCode(unknown), 'UNKNOWN_PLACEMENT');
  const big = await app.inject({ url: '/recommendations/u1?placement=email&k=21' });
  assert.equal(big.statusCode, 400);
  assert.equal(errorCode(big), 'VALIDATION_ERROR');
  assert.equal(big.json().error.details[0].field, 'k');
});
