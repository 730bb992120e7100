import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StoreUnavailableError } from '../../src/errors.ts';
import { connectRedisVersions, LOCAL_VERSIONS } from '../../src/serving/user-versions.ts';
import { closedPort } from '../helpers/services.ts';

test('one replica: every version reads as empty and bumps are no-ops', async () => {
  assert.equal(LOCAL_VERSIONS.kind, 'local');
  await LOCAL_VERSIONS.bump(['u1']);
  assert.equal(await LOCAL_VERSIONS.get('u1'), '');
  await LOCAL_VERSIONS.close();
});

test('an unreachable Redis is a StoreUnavailableError whose message hides the password', async () => {
  const port = await closedPort();
  await assert.rejects(connectRedisVersions(`redis://user:s3cret@127.0.0.1:${port}`), (e: unknown) => {
    assert.ok(e instanceof StoreUnavailableError);
    assert.match((e as Error).message, /^Redis at .* unreachable/);
    assert.ok(!(e as Error).message.includes('s3cret'));
    return true;
  });
});
