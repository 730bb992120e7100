import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { type ErrorCode, messageOf, recoError, statusOf } from '../../errors.ts';

/** How long clients may take, so slow or idle ones cannot hold sockets (slowloris). */
export interface EdgeTimeouts {
  /** The whole request, headers and body. */
  requestTimeoutMs: number;
  /** The request headers; Node checks it for every connection, a first request included. */
  headersTimeoutMs: number;
  /** A socket without traffic is closed. */
  connectionTimeoutMs: number;
  /** An idle keep-alive connection waits this long for its next request. */
  keepAliveTimeoutMs: number;
}

export const DEFAULT_TIMEOUTS: EdgeTimeouts = {
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  connectionTimeoutMs: 60_000,
  keepAliveTimeoutMs: 5_000,
};

/** Fastify's server options for the timeouts; `headersTimeout` goes on the http server itself. */
export function timeoutOptions(t: EdgeTimeouts) {
  return {
    requestTimeout: t.requestTimeoutMs,
    connectionTimeout: t.connectionTimeoutMs,
    keepAliveTimeout: t.keepAliveTimeoutMs,
    http: {
      // Node refuses a headers timeout longer than the request timeout.
      headersTimeout: Math.min(t.headersTimeoutMs, t.requestTimeoutMs),
      // Node enforces both timeouts by a sweep over open connections, every 30 s by default:
      // a slow client would get up to 30 s more than the setting says.
      connectionsCheckingInterval: Math.min(1000, Math.ceil(t.headersTimeoutMs / 2)),
      // Node answers a missing Host with a bare 400 of its own; registerProtocolCheck answers
      // it in the error shape instead.
      requireHostHeader: false,
    },
  };
}

/** Node's parser errors, before any route runs, in the documented error shape. */
const CLIENT_ERRORS: Record<string, [ErrorCode, string]> = {
  HPE_HEADER_OVERFLOW: ['HEADERS_TOO_LARGE', messageOf('HEADERS_TOO_LARGE')],
  ERR_HTTP_REQUEST_TIMEOUT: ['REQUEST_TIMEOUT', messageOf('REQUEST_TIMEOUT', { part: 'request' })],
  ERR_HTTP_HEADERS_TIMEOUT: ['REQUEST_TIMEOUT', messageOf('REQUEST_TIMEOUT', { part: 'headers' })],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [
    'PAYLOAD_TOO_LARGE',
    messageOf('PAYLOAD_TOO_LARGE', { problem: 'chunk extensions are too large' }),
  ],
};

/**
 * Fastify's `clientErrorHandler`: a malformed request line, oversized headers or a timeout is
 * answered in the same `{ error: { code, message } }` body as every other error, then the
 * socket is closed (Node cannot parse anything after it). Nothing of the request is echoed.
 */
/** The part of node's ServerResponse the client-error handler reads. */
interface InFlight {
  writableFinished: boolean;
  req?: { complete: boolean };
  once(event: 'finish', f: () => void): void;
}

export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  // Bytes after a complete request that do not parse (a body longer than its content-length):
  // that request may already have changed data, so it gets its own answer and the connection
  // closes after it; a 400 written now would overtake that answer and tell the client a stored
  // request was refused. An error inside a request's own head or body is answered 400 below.
  // (`_httpMessage` is the response node is writing on this socket; `req.complete` says its
  // request was read to the end.)
  const inFlight = (socket as Socket & { _httpMessage?: InFlight })._httpMessage;
  if (inFlight && !inFlight.writableFinished && inFlight.req?.complete === true) {
    inFlight.once('finish', () => socket.destroy());
    return;
  }
  const [code, message] = CLIENT_ERRORS[err.code ?? ''] ?? [
    'MALFORMED_REQUEST',
    messageOf('MALFORMED_REQUEST', { reason: 'unparsable' }),
  ];
  const status = statusOf(code);
  const body = JSON.stringify({ error: { code, message } });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/**
 * HTTP/1.x only, and HTTP/1.1 with a Host header (RFC 9112 3.2). Node's parser also takes
 * `HTTP/2.0` or a line with no version at all and answers as 1.1: a request a proxy in front
 * would read differently is refused rather than guessed at.
 */
export function registerProtocolCheck(app: FastifyInstance): void {
  app.addHook('onRequest', async (req) => {
    const { httpVersionMajor, httpVersionMinor } = req.raw;
    if (httpVersionMajor !== 1) throw recoError('MALFORMED_REQUEST', { reason: 'http_version' });
    if (httpVersionMinor === 1 && !req.headers.host)
      throw recoError('MALFORMED_REQUEST', { reason: 'no_host' });
  });
}

/**
 * Bodies are read as they arrive (identity encoding). A compressed body would otherwise reach
 * the JSON parser as binary (a confusing 400), or, if it were inflated, a small request could
 * expand past the body limit after it was checked: 415 for any other encoding, before the
 * body is read.
 */
export function registerContentEncoding(app: FastifyInstance): void {
  app.addHook('onRequest', async (req) => {
    const enc = req.headers['content-encoding'];
    if (enc === undefined) return;
    if (enc.trim().toLowerCase() !== 'identity')
      throw recoError('UNSUPPORTED_CONTENT_ENCODING', { encoding: enc });
  });
}
