import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { http11, portOf, rawRequest } from '../helpers/raw-http.ts';
import { client, secureApp } from '../helpers/secure-app.ts';

const event = JSON.stringify({ userId: 'u1', itemId: 'i1', type: 'watch', watchTime: 3 });

test('Content-Encoding other than identity: 415 before the body is parsed; identity accepted', async (t) => {
  const s = await secureApp(t);
  for (const enc of ['gzip', 'deflate', 'br', 'x-custom', 'gzip, identity']) {
    const res = await s.app.inject({
      method: 'POST',
      url: '/events',
      headers: { ...client, 'content-type': 'application/json', 'content-encoding': enc },
      payload: enc === 'gzip' ? gzipSync(event) : event,
    });
    assert.equal(res.statusCode, 415, enc);
    assert.equal(res.json().error.code, 'UNSUPPORTED_CONTENT_ENCODING');
  }
  assert.equal(await s.store.count(), 0);
  const identity = await s.app.inject({
    method: 'POST',
    url: '/events',
    headers: { ...client, 'content-type': 'application/json', 'content-encoding': 'identity' },
    payload: event,
  });
  assert.equal(identity.statusCode, 202);
});

test('a body over the limit is 413 from its Content-Length, before a byte of it is read', async (t) => {
  const s = await secureApp(t, { bodyLimitBytes: 4096 });
  await s.app.listen({ port: 0, host: '127.0.0.1' });
  const t0 = performance.now();
  const res = await rawRequest(
    portOf(s.app),
    http11('POST', '/events', { ...client, 'content-type': 'application/json', 'content-length': '5000' }),
    5000,
  );
  assert.equal(res.status, 413);
  assert.equal(JSON.parse(res.body).error.code, 'PAYLOAD_TOO_LARGE');
  assert.ok(performance.now() - t0 < 4000, 'answered without waiting for the body');
  // Chunked, with no length up front: cut off once the limit is passed.
  const chunk = 'x'.repeat(3000);
  const chunked =
    `POST /events HTTP/1.1\r\nhost: x\r\nx-api-key: ${client['x-api-key']}\r\ncontent-type: application/json\r\n` +
    `transfer-encoding: chunked\r\nconnection: close\r\n\r\n${(3000).toString(16)}\r\n${chunk}\r\n${(3000).toString(16)}\r\n${chunk}\r\n0\r\n\r\n`;
  assert.equal((await rawRequest(portOf(s.app), chunked)).status, 413);
  assert.equal(await s.store.count(), 0);
});
