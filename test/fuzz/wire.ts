/**
 * Requests over a real socket, byte for byte: what `app.inject` cannot express (bytes a URL
 * parser would refuse, lying or doubled Content-Length, chunked framing, requests that never
 * finish, oversized headers, malformed request lines). One request per connection; the answer
 * is read until it is complete, the server closes, or the hang timeout passes.
 */
import net from 'node:net';
import { bodyBytes, type FuzzCase, unfinished, type WireMutation } from './expectations.ts';

export interface WireAnswer {
  /** 0 when nothing parseable came back. */
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Still open with no complete answer when the timeout passed. */
  timedOut: boolean;
}

/** The requests left unfinished on purpose: the server's timeouts answer them. */
export const isSlow = (c: FuzzCase): boolean => c.wire?.m === 'partial-head' || unfinished(c);

const chunk = (b: Buffer) =>
  Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n')]);

/** The bytes of `c` with its wire mutation applied. */
export function toBytes(c: FuzzCase): Buffer {
  const w: WireMutation = c.wire ?? { m: 'as-is' };
  let method = c.method;
  let target = c.url;
  let version = 'HTTP/1.1';
  let body: Buffer = bodyBytes(c);
  const headers: [string, string | Buffer][] = [
    ['host', 'reco.test'],
    ['connection', 'close'],
    ...Object.entries(c.headers),
  ];
  // Framing mutations need a Content-Length to change, even on a request without a body.
  const withBody = body.length > 0 || c.method === 'POST' || w.m.startsWith('cl-');
  if (withBody) headers.push(['content-length', String(body.length)]);
  const setLength = (v: string) => {
    const i = headers.findIndex(([k]) => k === 'content-length');
    if (i >= 0) headers[i] = ['content-length', v];
    else headers.push(['content-length', v]);
  };
  let send: (head: Buffer) => Buffer = (head) => Buffer.concat([head, body]);
  switch (w.m) {
    case 'cl-short':
      setLength(String(Math.max(0, body.length - w.by)));
      break;
    case 'cl-long':
      setLength(String(body.length + w.by));
      break;
    case 'cl-bad':
      setLength(w.value);
      break;
    case 'cl-dup':
      headers.push(['content-length', w.second === 'same' ? String(body.length) : String(body.length + 1)]);
      break;
    case 'cl-te':
    case 'chunked': {
      const third = Math.ceil(body.length / 3);
      const parts = [
        body.subarray(0, third),
        body.subarray(third, 2 * third),
        body.subarray(2 * third),
      ].filter((p) => p.length > 0);
      let framed = Buffer.concat(parts.map(chunk));
      const broken = w.m === 'chunked' ? w.broken : 'none';
      if (broken === 'bad-size') framed = Buffer.concat([Buffer.from('zz\r\n'), framed]);
      if (broken === 'short-size' && parts.length)
        framed = Buffer.concat([
          Buffer.from(`${(parts[0].length + 5).toString(16)}\r\n`),
          parts[0],
          Buffer.from('\r\n'),
        ]);
      if (broken === 'ext-overflow')
        framed = Buffer.concat([Buffer.from(`1;${'e'.repeat(20_000)}\r\nx\r\n`), framed]);
      if (broken !== 'no-end') framed = Buffer.concat([framed, Buffer.from('0\r\n\r\n')]);
      body = framed;
      if (w.m === 'chunked') {
        const i = headers.findIndex(([k]) => k === 'content-length');
        if (i >= 0) headers.splice(i, 1);
      } else setLength(String(body.length));
      headers.push(['transfer-encoding', 'chunked']);
      break;
    }
    case 'partial-head':
      send = (head) => head.subarray(0, Math.max(1, head.length - 2 - Math.floor(head.length / 3)));
      break;
    case 'partial-body': {
      const full = body;
      body = full.subarray(0, Math.floor(full.length * w.fraction));
      setLength(String(full.length));
      break;
    }
    case 'big-header':
      headers.push(['x-big', 'a'.repeat(w.size)]);
      break;
    case 'many-headers':
      for (let i = 0; i < w.n; i++) headers.push([`x-h-${i}`, '1']);
      break;
    case 'target-byte': {
      const at = Math.min(w.at, target.length);
      // latin1 keeps the byte as one byte. (Not wireTarget: a space at an edge goes on the wire.)
      target = target.slice(0, at) + String.fromCharCode(w.byte) + target.slice(at);
      break;
    }
    case 'header-byte':
      headers.push(
        w.where === 'name'
          ? [`x-f${String.fromCharCode(w.byte)}z`, '1']
          : ['x-fuzz', Buffer.from([0x61, w.byte, 0x62])],
      );
      break;
    case 'no-host':
      headers.splice(0, 1);
      break;
    case 'method':
      method = w.token;
      break;
    case 'expect-continue':
      headers.push(['expect', '100-continue']);
      break;
    case 'absolute-target':
      target = `http://reco.test${target}`;
      break;
    case 'version':
      version = w.version;
      break;
  }
  const lineEnd = w.m === 'lf-only' ? '\n' : '\r\n';
  const line =
    w.m === 'request-line'
      ? w.line.replace('{method}', method).replace('{target}', target)
      : `${method} ${target} ${version}`;
  const head = Buffer.concat([
    Buffer.from(line + lineEnd, 'latin1'),
    ...headers.map(([k, v]) =>
      Buffer.concat([
        Buffer.from(`${k}: `, 'latin1'),
        typeof v === 'string' ? Buffer.from(v, 'latin1') : v,
        Buffer.from(lineEnd),
      ]),
    ),
    Buffer.from(lineEnd),
  ]);
  return send(head);
}

interface Parsed {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  complete: boolean;
}

/** Parses one response (skipping 1xx interim ones) out of what arrived so far. */
function parse(data: Buffer, head: boolean): Parsed | undefined {
  let rest = data;
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) return undefined;
    const lines = rest.subarray(0, end).toString('latin1').split('\r\n');
    const status = Number(lines[0].split(' ')[1]);
    const headers: Record<string, string> = {};
    for (const l of lines.slice(1)) {
      const i = l.indexOf(':');
      if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
    }
    rest = rest.subarray(end + 4);
    if (status >= 100 && status < 200) continue;
    if (head || status === 204 || status === 304)
      return { status, headers, body: Buffer.alloc(0), complete: true };
    const length = headers['content-length'];
    if (length !== undefined) {
      const n = Number(length);
      return { status, headers, body: rest.subarray(0, n), complete: rest.length >= n };
    }
    if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
      const done = rest.indexOf('\r\n0\r\n\r\n') >= 0 || rest.subarray(0, 5).toString() === '0\r\n\r\n';
      return { status, headers, body: dechunk(rest), complete: done };
    }
    return { status, headers, body: rest, complete: false };
  }
}

function dechunk(b: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  while (at < b.length) {
    const eol = b.indexOf('\r\n', at);
    if (eol < 0) break;
    const size = Number.parseInt(b.subarray(at, eol).toString(), 16);
    if (!size) break;
    out.push(b.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
}

/** Sends `bytes` on a fresh connection and reads one answer. */
export function exchange(
  port: number,
  bytes: Buffer,
  o: { timeoutMs: number; head: boolean },
): Promise<WireAnswer> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (timedOut: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const p = parse(Buffer.concat(chunks), o.head);
      resolve({
        status: p?.status ?? 0,
        headers: p?.headers ?? {},
        body: p?.body.toString('utf8') ?? '',
        timedOut: timedOut && !p?.complete,
      });
    };
    const timer = setTimeout(() => finish(true), o.timeoutMs);
    socket.on('data', (d) => {
      chunks.push(d);
      if (parse(Buffer.concat(chunks), o.head)?.complete) finish(false);
    });
    socket.on('close', () => finish(false));
    // A reset after the server answered and closed is normal; the answer is what counts.
    socket.on('error', () => finish(false));
    socket.write(bytes);
  });
}
