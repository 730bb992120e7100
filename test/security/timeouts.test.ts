import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { portOf } from '../helpers/raw-http.ts';
import { CLIENT_KEY, secureApp } from '../helpers/secure-app.ts';

const open = (port: number) =>
  new Promise<net.Socket>((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => resolve(s));
    s.on('error', reject);
  });

const closed = (s: net.Socket) =>
  new Promise<string>((resolve) => {
    let data = '';
    s.on('data', (d) => {
      data += d;
    });
    s.on('close', () => resolve(data));
  });

test('500 idle sockets do not slow recommendations, and are closed after the connection timeout', async (t) => {
  const s = await secureApp(t, { timeouts: { connectionTimeoutMs: 3000, headersTimeoutMs: 2000 } });
  await s.app.listen({ port: 0, host: '127.0.0.1' });
  const port = portOf(s.app);
  const idle = await Promise.all(Array.from({ length: 500 }, () => open(port)));
  const ends = idle.map(closed);
  const url = `http://127.0.0.1:${port}/recommendations/u1?k=10`;
  const ms: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers: { 'x-api-key': CLIENT_KEY } });
    assert.equal(res.status, 200);
    await res.arrayBuffer();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const p99 = ms[Math.floor(ms.length * 0.99)];
  // The README's p99 target under load is tens of ms; this is a single client beside 500 idle
  // sockets, so a generous bound only catches starvation, not noise.
  assert.ok(p99 < 250, `p99 ${p99.toFixed(1)} ms with 500 idle sockets open`);
  const t0 = performance.now();
  await Promise.all(ends);
  const waited = performance.now() - t0;
  assert.ok(waited < 15_000, `idle sockets closed by the server after ${waited.toFixed(0)} ms`);
});

test('slowloris: headers sent a byte at a time are cut off with 408 in the error shape', async (t) => {
  const s = await secureApp(t, { timeouts: { headersTimeoutMs: 1000, requestTimeoutMs: 2000 } });
  await s.app.listen({ port: 0, host: '127.0.0.1' });
  const sock = await open(portOf(s.app));
  const end = closed(sock);
  const head = 'GET /healthz HTTP/1.1\r\nhost: x\r\nx-slow: ';
  let i = 0;
  const drip = setInterval(() => {
    if (!sock.destroyed) sock.write(i < head.length ? head[i++] : 'a');
  }, 100);
  const t0 = performance.now();
  const answer = await end;
  clearInterval(drip);
  const elapsed = performance.now() - t0;
  assert.ok(elapsed < 5000, `cut off after ${elapsed.toFixed(0)} ms`);
  assert.match(answer, /^HTTP\/1\.1 408/);
  assert.match(answer, /"code":"REQUEST_TIMEOUT"/);
});
