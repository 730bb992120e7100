import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRecoMessage } from '../../src/serving/cluster-messages.ts';

test('a reco message is an object with a string `reco`', () => {
  assert.equal(isRecoMessage({ reco: 'hello' }), true);
  assert.equal(isRecoMessage({ reco: 'invalidate', id: 1, users: ['u'] }), true);
  assert.equal(isRecoMessage({ reco: 'metrics-result', id: 2, text: '' }), true);
});

test('anything else a worker may receive is not: prom-client’s messages, primitives, null', () => {
  assert.equal(isRecoMessage({ type: 'prom-client:getMetricsReq', requestId: 0 }), false);
  assert.equal(isRecoMessage({ reco: 1 }), false);
  assert.equal(isRecoMessage({ reco: null }), false);
  assert.equal(isRecoMessage(null), false);
  assert.equal(isRecoMessage(undefined), false);
  assert.equal(isRecoMessage('reco'), false);
  assert.equal(isRecoMessage(['reco']), false);
});
