import assert from 'node:assert/strict';
import { after, beforeEach, test } from 'node:test';
import { isRecoError } from '../../src/errors.ts';
import { ClusterLink } from '../../src/serving/cluster-link.ts';
import type { Message } from '../../src/serving/cluster-messages.ts';

// The link talks to the primary through process.send and process 'message' events: here a
// stub records what it sends, and process.emit delivers what the primary would.
const sent: Message[] = [];
let sendError: Error | null = null;
const originalSend = process.send;
process.send = ((m: Message, _h?: unknown, _o?: unknown, cb?: (e: Error | null) => void) => {
  sent.push(m);
  cb?.(sendError);
  return true;
}) as typeof process.send;
after(() => {
  process.send = originalSend;
});
beforeEach(() => {
  sent.length = 0;
  sendError = null;
});

/** A worker's link as `connect()` makes it inside a cluster worker (this process is none). */
const makeLink = (index: number) => new (ClusterLink as unknown as new (index: number) => ClusterLink)(index);
const deliver = (m: unknown) => process.emit('message', m as never, undefined as never);
const settled = () => new Promise((r) => setImmediate(r));

test('outside a cluster worker there is no link', () => {
  assert.equal(ClusterLink.connect(), undefined);
});

test('a new link says hello to the primary and knows its index', () => {
  const link = makeLink(3);
  assert.equal(link.index, 3);
  assert.deepEqual(sent, [{ reco: 'hello' }]);
});

test('invalidate resolves when the primary acknowledges its id, not before', async () => {
  const link = makeLink(0);
  sent.length = 0;
  let done = false;
  const p = link.invalidate(['u1', 'u2']).then(() => {
    done = true;
  });
  assert.deepEqual(sent, [{ reco: 'invalidate', id: 0, users: ['u1', 'u2'] }]);
  deliver({ reco: 'invalidated', id: 99 });
  await settled();
  assert.equal(done, false, 'another id does not answer it');
  deliver({ reco: 'invalidated', id: 0 });
  await p;
  assert.equal(done, true);
});

test('each request gets its own id', async () => {
  const link = makeLink(0);
  sent.length = 0;
  const a = link.invalidate(['a']);
  const b = link.invalidate(['b']);
  const ids = sent.map((m) => (m as { id: number }).id);
  assert.equal(new Set(ids).size, 2);
  deliver({ reco: 'invalidated', id: ids[1] });
  deliver({ reco: 'invalidated', id: ids[0] });
  await Promise.all([a, b]);
});

test('a request the primary cannot be sent rejects', async () => {
  const link = makeLink(0);
  sendError = new Error('channel closed');
  await assert.rejects(link.invalidate(['u']), /channel closed/);
});

test('an invalidation from another worker runs the handler and is acknowledged with its origin', () => {
  const link = makeLink(1);
  const got: string[][] = [];
  link.onInvalidate((users) => got.push(users));
  sent.length = 0;
  deliver({ reco: 'invalidate', id: 7, users: ['alice'], origin: '2:7' });
  assert.ok(got.some((u) => u.length === 1 && u[0] === 'alice'));
  assert.ok(sent.some((m) => m.reco === 'invalidated' && m.id === 7 && m.origin === '2:7'));
});

test('reload and retrain from the primary reach their handlers; allowShrink only when true', () => {
  const link = makeLink(0);
  let reloads = 0;
  const retrains: { allowShrink: boolean }[] = [];
  link.onReload(() => reloads++);
  link.onRetrain((o) => retrains.push(o));
  deliver({ reco: 'reload' });
  deliver({ reco: 'retrain', allowShrink: true });
  deliver({ reco: 'retrain' });
  deliver({ reco: 'retrain', allowShrink: 'yes' });
  assert.equal(reloads, 1);
  assert.deepEqual(retrains, [{ allowShrink: true }, { allowShrink: false }, { allowShrink: false }]);
});

test('messages that are not reco’s are ignored', () => {
  const link = makeLink(0);
  let calls = 0;
  link.onReload(() => calls++);
  link.onInvalidate(() => calls++);
  sent.length = 0;
  deliver({ type: 'prom-client:getMetricsReq', requestId: 1 });
  deliver('reload');
  deliver(null);
  assert.equal(calls, 0);
  assert.deepEqual(sent, []);
});

test('broadcastReload and forwardRetrain tell the primary', () => {
  const link = makeLink(2);
  sent.length = 0;
  link.broadcastReload();
  link.forwardRetrain();
  link.forwardRetrain({ allowShrink: true });
  assert.deepEqual(sent, [
    { reco: 'reload' },
    { reco: 'retrain', allowShrink: false },
    { reco: 'retrain', allowShrink: true },
  ]);
});

test('item changes: broadcastItems tells the primary, and one from the primary reaches onItems', () => {
  const link = makeLink(1);
  const heard: unknown[] = [];
  link.onItems(() => heard.push('nudge'));
  sent.length = 0;
  link.broadcastItems();
  assert.deepEqual(sent, [{ reco: 'items' }]);
  deliver({ reco: 'items' });
  deliver({ reco: 'items' });
  assert.deepEqual(heard, ['nudge', 'nudge']);
});

test('metrics: the primary’s summed text', async () => {
  const link = makeLink(0);
  sent.length = 0;
  const p = link.metrics();
  const req = sent[0] as { reco: string; id: number };
  assert.equal(req.reco, 'metrics');
  deliver({ reco: 'metrics-result', id: req.id, text: 'reco_requests_total 3\n' });
  assert.equal(await p, 'reco_requests_total 3\n');
});

test('metrics: a collection error is a 503 METRICS_UNAVAILABLE naming it', async () => {
  const link = makeLink(0);
  sent.length = 0;
  const p = link.metrics();
  const { id } = sent[0] as { id: number };
  deliver({ reco: 'metrics-result', id, error: 'Operation timed out.' });
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isRecoError(e));
    assert.equal(e.code, 'METRICS_UNAVAILABLE');
    assert.equal(e.statusCode, 503);
    assert.match(e.message, /Operation timed out\./);
    return true;
  });
  const q = link.metrics();
  deliver({ reco: 'metrics-result', id: (sent[1] as { id: number }).id });
  await assert.rejects(q, /no answer/);
});
