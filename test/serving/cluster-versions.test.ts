import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClusterLink } from '../../src/serving/cluster-link.ts';
import { clusterVersions } from '../../src/serving/cluster-versions.ts';

/** The link's two methods the versions use: invalidations from other workers, and sending ours. */
function fakeLink() {
  let handler: (users: string[]) => void = () => {};
  const sent: string[][] = [];
  const link = {
    onInvalidate: (h: (users: string[]) => void) => {
      handler = h;
    },
    invalidate: async (users: readonly string[]) => {
      sent.push([...users]);
    },
  } as unknown as ClusterLink;
  return { link, sent, deliver: (users: string[]) => handler(users) };
}

test("a user's version moves when another worker invalidates them, and only theirs", async () => {
  const { link, deliver } = fakeLink();
  const v = clusterVersions(link);
  assert.equal(v.kind, 'cluster');
  const [a0, b0] = [await v.get('alice'), await v.get('bob')];
  assert.equal(a0, '0');
  deliver(['alice']);
  assert.notEqual(await v.get('alice'), a0);
  assert.equal(await v.get('bob'), b0);
  deliver(['alice', 'alice']);
  assert.equal(await v.get('alice'), '3', 'each invalidation counts');
});

test('bump goes through the link (the other workers), not the local table', async () => {
  const { link, sent } = fakeLink();
  const v = clusterVersions(link);
  await v.bump(['u1', 'u2']);
  assert.deepEqual(sent, [['u1', 'u2']]);
  assert.equal(await v.get('u1'), '0');
  await v.close();
});
