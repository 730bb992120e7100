import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { test } from 'node:test';
import Fastify from 'fastify';
import {
  clientErrorHandler,
  DEFAULT_TIMEOUTS,
  registerContentEncoding,
  registerProtocolCheck,
  timeoutOptions,
} from '../../../src/http/plugins/edge.ts';
import { parseRaw, portOf, rawRequest } from '../../helpers/raw-http.ts';

/** A bare fastify answering the error's code and status (what the real error handler sends). */
function bare() {
  const app = Fastify({ http: { requireHostHeader: false } });
  app.setErrorHandler((err: Error & { code?: string; statusCode?: number }, _req, reply) =>
    reply.status(err.statusCode ?? 500).send({ code: err.code, message: err.message }),
  );
  return app;
}

/** A socket stand-in that records what is written and whether it was destroyed. */
function fakeSocket(o: { writable?: boolean; destroyed?: boolean } = {}) {
  const s = { written: '', writable: o.writable ?? true, destroyed: o.destroyed ?? false };
  return Object.assign(s, {
    write(chunk: string) {
      s.written += chunk;
      return true;
    },
    destroy() {
      s.destroyed = true;
    },
  });
}
const asSocket = (s: ReturnType<typeof fakeSocket>) => s as unknown as Socket;
const err = (code?: string) => Object.assign(new Error('parser'), { code });

test('timeoutOptions: the headers timeout never exceeds the request timeout', () => {
  const o = timeoutOptions({ ...DEFAULT_TIMEOUTS, headersTimeoutMs: 40_000, requestTimeoutMs: 30_000 });
  assert.equal(o.http.headersTimeout, 30_000);
  assert.equal(o.requestTimeout, 30_000);
  const d = timeoutOptions(DEFAULT_TIMEOUTS);
  assert.equal(d.http.headersTimeout, DEFAULT_TIMEOUTS.headersTimeoutMs);
  assert.equal(d.connectionTimeout, DEFAULT_TIMEOUTS.connectionTimeoutMs);
  assert.equal(d.keepAliveTimeout, DEFAULT_TIMEOUTS.keepAliveTimeoutMs);
  assert.equal(d.http.requireHostHeader, false, 'the protocol check answers a missing Host instead');
});

test('timeoutOptions: connections are swept at least every second, twice per headers timeout', () => {
  assert.equal(timeoutOptions(DEFAULT_TIMEOUTS).http.connectionsCheckingInterval, 1000);
  assert.equal(
    timeoutOptions({ ...DEFAULT_TIMEOUTS, headersTimeoutMs: 900 }).http.connectionsCheckingInterval,
    450,
  );
  assert.equal(
    timeoutOptions({ ...DEFAULT_TIMEOUTS, headersTimeoutMs: 3 }).http.connectionsCheckingInterval,
    2,
  );
});

test('clientErrorHandler answers each parser error in the error shape, then closes the socket', () => {
  const cases: [string | undefined, number, string][] = [
    ['HPE_HEADER_OVERFLOW', 431, 'HEADERS_TOO_LARGE'],
    ['ERR_HTTP_REQUEST_TIMEOUT', 408, 'REQUEST_TIMEOUT'],
    ['ERR_HTTP_HEADERS_TIMEOUT', 408, 'REQUEST_TIMEOUT'],
    ['HPE_CHUNK_EXTENSIONS_OVERFLOW', 413, 'PAYLOAD_TOO_LARGE'],
    ['HPE_INVALID_METHOD', 400, 'MALFORMED_REQUEST'],
    [undefined, 400, 'MALFORMED_REQUEST'],
  ];
  for (const [code, status, reco] of cases) {
    const s = fakeSocket();
    clientErrorHandler(err(code), asSocket(s));
    assert.equal(s.destroyed, true, String(code));
    const res = parseRaw(s.written);
    assert.equal(res.status, status, String(code));
    assert.equal(res.headers.connection, 'close');
    assert.match(res.headers['content-type'], /^application\/json/);
    assert.equal(Number(res.headers['content-length']), Buffer.byteLength(res.body));
    assert.equal(JSON.parse(res.body).error.code, reco);
  }
  const headers = fakeSocket();
  clientErrorHandler(err('ERR_HTTP_HEADERS_TIMEOUT'), asSocket(headers));
  assert.match(JSON.parse(parseRaw(headers.written).body).error.message, /headers/);
});

test('clientErrorHandler: a reset or destroyed socket gets nothing; an unwritable one is only closed', () => {
  const reset = fakeSocket();
  clientErrorHandler(err('ECONNRESET'), asSocket(reset));
  assert.deepEqual([reset.written, reset.destroyed], ['', false]);
  const gone = fakeSocket({ destroyed: true });
  clientErrorHandler(err('HPE_HEADER_OVERFLOW'), asSocket(gone));
  assert.equal(gone.written, '');
  const full = fakeSocket({ writable: false });
  clientErrorHandler(err('HPE_HEADER_OVERFLOW'), asSocket(full));
  assert.deepEqual([full.written, full.destroyed], ['', true]);
});

test('clientErrorHandler: bytes after a complete request wait for its answer; an error inside a request is answered', () => {
  const response = (complete: boolean) => {
    const r = { writableFinished: false, req: { complete }, done: () => {} };
    return Object.assign(r, {
      once(_e: 'finish', f: () => void) {
        r.done = f;
      },
    });
  };
  // A body longer than its content-length: the request before the stray bytes may have stored
  // data, so its own answer goes out and only then does the connection close.
  const after = Object.assign(fakeSocket(), { _httpMessage: response(true) });
  clientErrorHandler(err('HPE_INVALID_METHOD'), asSocket(after));
  assert.deepEqual([after.written, after.destroyed], ['', false], 'no 400 overtakes the answer');
  after._httpMessage.done();
  assert.equal(after.destroyed, true, 'closed once the answer is written');
  // A broken chunk inside the request being read: that request is refused, as before.
  const inside = Object.assign(fakeSocket(), { _httpMessage: response(false) });
  clientErrorHandler(err('HPE_INVALID_CHUNK_SIZE'), asSocket(inside));
  assert.equal(parseRaw(inside.written).status, 400);
  assert.equal(inside.destroyed, true);
});

test('the protocol check: HTTP/1.0 without Host and HTTP/1.1 with it pass; 1.1 without Host and 2.0 do not', async (t) => {
  const app = bare();
  registerProtocolCheck(app);
  app.get('/', async () => ({ ok: true }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  t.after(() => app.close());
  const port = portOf(app);
  const send = async (line: string, headers = '') => {
    const r = await rawRequest(port, `${line}\r\n${headers}connection: close\r\n\r\n`);
    return [r.status, r.body ? JSON.parse(r.body) : undefined] as const;
  };
  assert.deepEqual(await send('GET / HTTP/1.0'), [200, { ok: true }]);
  assert.deepEqual(await send('GET / HTTP/1.1', 'host: x\r\n'), [200, { ok: true }]);
  const [noHost, noHostBody] = await send('GET / HTTP/1.1');
  assert.equal(noHost, 400);
  assert.equal(noHostBody.code, 'MALFORMED_REQUEST');
  assert.match(noHostBody.message, /Host header/);
  const [v2, v2Body] = await send('GET / HTTP/2.0', 'host: x\r\n');
  assert.equal(v2, 400);
  assert.equal(v2Body.code, 'MALFORMED_REQUEST');
  assert.match(v2Body.message, /HTTP\/1\.0 and HTTP\/1\.1/);
});

test('content encoding: absent or identity passes, anything else is 415 before the body is read', async (t) => {
  const app = bare();
  registerContentEncoding(app);
  let handled = 0;
  app.post('/', async () => {
    handled++;
    return { ok: true };
  });
  await app.ready();
  t.after(() => app.close());
  const post = (enc?: string) =>
    app.inject({
      method: 'POST',
      url: '/',
      payload: '{}',
      headers: {
        'content-type': 'application/json',
        ...(enc === undefined ? {} : { 'content-encoding': enc }),
      },
    });
  assert.equal((await post()).statusCode, 200);
  assert.equal((await post(' Identity ')).statusCode, 200);
  assert.equal(handled, 2);
  for (const enc of ['gzip', 'br', 'deflate, identity', '']) {
    const res = await post(enc);
    assert.equal(res.statusCode, 415, JSON.stringify(enc));
    assert.equal(res.json().code, 'UNSUPPORTED_CONTENT_ENCODING');
  }
  assert.equal(handled, 2, 'no refused request reached the handler');
  assert.match((await post('x'.repeat(100))).json().message, new RegExp(`"${'x'.repeat(40)}"`));
});
