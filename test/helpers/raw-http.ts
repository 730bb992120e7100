import type { AddressInfo } from 'node:net';
import net from 'node:net';
import type { FastifyInstance } from 'fastify';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Splits an HTTP/1.1 response as it came off the wire (one response, Connection: close). */
export function parseRaw(text: string): RawResponse {
  const end = text.indexOf('\r\n\r\n');
  const head = (end < 0 ? text : text.slice(0, end)).split('\r\n');
  const status = Number(head[0]?.split(' ')[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of head.slice(1)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { status, headers, body: end < 0 ? '' : text.slice(end + 4) };
}

/** The port an app listens on. */
export const portOf = (app: FastifyInstance) => (app.server.address() as AddressInfo).port;

/**
 * Sends bytes exactly as given (no URL normalisation, no header checks: what an attacker's
 * client sends) and resolves with the parsed answer once the server closes or `waitMs` passes.
 */
export function rawRequest(port: number, bytes: string | Buffer, waitMs = 2000): Promise<RawResponse> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(parseRaw(Buffer.concat(chunks).toString('utf8')));
    };
    const timer = setTimeout(done, waitMs);
    socket.on('data', (d) => {
      chunks.push(d);
      // One response is enough: stop at the end of its body when its length is known.
      const r = parseRaw(Buffer.concat(chunks).toString('utf8'));
      const len = Number(r.headers['content-length']);
      if (r.status && Number.isFinite(len) && Buffer.byteLength(r.body) >= len) done();
    });
    socket.on('close', done);
    socket.on('error', done);
    socket.write(bytes);
  });
}

/** A request line and headers, CRLF-joined, with an optional body. */
export function http11(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body = '',
): string {
  const all = {
    host: 'reco.test',
    connection: 'close',
    'content-length': String(Buffer.byteLength(body)),
    ...headers,
  };
  const lines = Object.entries(all).map(([k, v]) => `${k}: ${v}`);
  return `${method} ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
}
