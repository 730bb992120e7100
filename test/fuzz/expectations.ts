/**
 * What a generated request is, and what the server owes it. Generators (cases.ts) only change
 * parts of a request; whether the result is one the server must refuse is decided here, from the
 * request as sent and the documented rules, never from how it was generated. So a mutation
 * that happens to leave the request valid is not a false alarm, and a valid-looking request
 * that breaks a rule is still held to it.
 */
import { METHODS } from 'node:http';
import { Ajv, type ValidateFunction } from 'ajv';
import type { Access, Api, Operation } from './routes.ts';
import { codePoints, type JsonSchema } from './schema-arbitrary.ts';

export type Credential = 'client' | 'admin' | 'wrong' | 'none';

/** A change to the bytes on the wire, for what `app.inject` cannot express. */
export type WireMutation =
  | { m: 'as-is' }
  | { m: 'cl-short'; by: number }
  | { m: 'cl-long'; by: number }
  | { m: 'cl-bad'; value: string }
  | { m: 'cl-dup'; second: 'same' | 'other' }
  | { m: 'cl-te' }
  | { m: 'chunked'; broken: 'none' | 'bad-size' | 'short-size' | 'no-end' | 'ext-overflow' }
  | { m: 'partial-head' }
  | { m: 'partial-body'; fraction: number }
  | { m: 'big-header'; size: number }
  | { m: 'many-headers'; n: number }
  | { m: 'request-line'; line: string }
  | { m: 'target-byte'; at: number; byte: number }
  | { m: 'header-byte'; where: 'name' | 'value'; byte: number }
  | { m: 'no-host' }
  | { m: 'lf-only' }
  | { m: 'method'; token: string }
  | { m: 'expect-continue' }
  | { m: 'absolute-target' }
  | { m: 'version'; version: string };

/** One request, as it is printed in a counterexample: everything needed to send it again. */
export interface FuzzCase {
  /** The generator family (for grouping failures and the report). */
  kind: string;
  /** The operation it was generated from (`POST /events`). */
  op: string;
  method: string;
  /** Path and query exactly as sent (already percent-encoded). */
  url: string;
  headers: Record<string, string>;
  /** The body as UTF-8 text, or as hex when its bytes are not UTF-8 (or compressed). */
  body?: string;
  bodyHex?: string;
  /** Set by some generators when the body breaks a rule that is not visible once parsed. */
  bodyNote?: 'repeated key' | 'deep nesting';
  credential: Credential;
  wire?: WireMutation;
  /** Why no 2xx is allowed; undefined: any answer below 500 is fine. */
  invalid?: string;
}

export const bodyBytes = (c: Pick<FuzzCase, 'body' | 'bodyHex'>): Buffer =>
  c.bodyHex !== undefined ? Buffer.from(c.bodyHex, 'hex') : Buffer.from(c.body ?? '', 'utf8');

export interface Env {
  api: Api;
  /** The app knows an admin role (adminKeys): a client key is not enough for admin routes. */
  roles: boolean;
  bodyLimit: number;
  /** Node's default --max-http-header-size. */
  maxHeaderBytes: number;
  bodyValidators: Map<string, ValidateFunction>;
  responseValidators: Map<string, ValidateFunction>;
}

/** Compiles the body and 2xx response schemas of every documented operation. */
export function validatorsFor(api: Api): Pick<Env, 'bodyValidators' | 'responseValidators'> {
  // No coercion, no defaults: the document's schemas as written, judged on their own.
  const ajv = new Ajv({ strict: false, allErrors: false, coerceTypes: false, useDefaults: false });
  const withComponents = (s: JsonSchema) => ({ ...s, components: api.doc.components });
  const bodyValidators = new Map<string, ValidateFunction>();
  const responseValidators = new Map<string, ValidateFunction>();
  for (const op of api.ops) {
    if (op.body) bodyValidators.set(op.key, ajv.compile(withComponents(op.body)));
    for (const [status, s] of Object.entries(op.responses))
      responseValidators.set(`${op.key} ${status}`, ajv.compile(withComponents(s)));
  }
  return { bodyValidators, responseValidators };
}

/** The credential is enough for a route of this access. */
export function sufficient(access: Access, credential: Credential, roles: boolean): boolean {
  if (access === 'open') return true;
  if (access === 'client') return credential === 'client' || (roles && credential === 'admin');
  return roles ? credential === 'admin' : credential === 'client';
}

/* ------------------------------------------------------------------------------------------
 * Text rules, as the README states them. Ids (in bodies and URLs): refused when empty, with
 * control characters, with lone UTF-16 surrogates, or with a ".." path segment. Other stored
 * strings (topics, tags, context): no control characters, no lone surrogates, not blank.
 * "Blank" here is empty or spaces only: the conservative reading, so the oracle never insists
 * on a refusal the documentation does not promise.
 * ---------------------------------------------------------------------------------------- */

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

export function hasLoneSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
      else return true;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

export function labelFault(s: string): string | undefined {
  if (/^ *$/.test(s)) return 'blank';
  if (CONTROL.test(s)) return 'a control character';
  if (hasLoneSurrogate(s)) return 'a lone surrogate';
  return undefined;
}

export function idFault(s: string): string | undefined {
  return labelFault(s) ?? (s.split('/').includes('..') ? 'a ".." segment' : undefined);
}

/** Ids are the fields and parameters named `...Id` (userId, itemId, eventId). */
const isIdName = (name: string) => /Id$/.test(name);

/** Plain decimals, as the README demands of numbers in URLs. */
const PLAIN_INTEGER = /^-?[0-9]+$/;
const PLAIN_NUMBER = /^-?[0-9]+(\.[0-9]+)?$/;

function rangeFault(s: JsonSchema, n: number): string | undefined {
  if (s.minimum !== undefined && n < s.minimum) return `below ${s.minimum}`;
  if (s.maximum !== undefined && n > s.maximum) return `above ${s.maximum}`;
  if (s.exclusiveMinimum !== undefined && n <= s.exclusiveMinimum) return `not above ${s.exclusiveMinimum}`;
  if (s.exclusiveMaximum !== undefined && n >= s.exclusiveMaximum) return `not below ${s.exclusiveMaximum}`;
  return undefined;
}

/** Why the text `v` is refused for a parameter `name` of schema `s`, if it must be. */
export function textFault(s: JsonSchema, v: string, name: string): string | undefined {
  if (s.type === 'integer' || s.type === 'number') {
    if (!(s.type === 'integer' ? PLAIN_INTEGER : PLAIN_NUMBER).test(v)) return `not a plain ${s.type}`;
    const n = Number(v);
    // A plain decimal too long for a double: the documentation promises nothing either way.
    return Number.isFinite(n) ? rangeFault(s, n) : undefined;
  }
  if (s.type === 'boolean') return v === 'true' || v === 'false' ? undefined : 'not true or false';
  if (s.type === 'string') {
    if (s.enum && !s.enum.includes(v)) return 'not one of the allowed values';
    const n = codePoints(v);
    if (s.minLength !== undefined && n < s.minLength) return `shorter than ${s.minLength}`;
    if (s.maxLength !== undefined && n > s.maxLength) return `longer than ${s.maxLength}`;
    if (isIdName(name)) {
      const fault = idFault(v);
      if (fault) return `an id with ${fault}`;
    }
  }
  return undefined;
}

/** The first stored string of a parsed body that breaks the text rules. */
function storedTextFault(v: unknown, key: string): string | undefined {
  if (typeof v === 'string') {
    const fault = isIdName(key) ? idFault(v) : labelFault(v);
    return fault ? `${key} has ${fault}` : undefined;
  }
  if (Array.isArray(v)) {
    for (const x of v) {
      const f = storedTextFault(x, key);
      if (f) return f;
    }
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const f = storedTextFault(x, k);
      if (f) return f;
    }
  }
  return undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Whether the server reads a body for this method (fastify answers GET and HEAD without one). */
export const readsBody = (method: string): boolean => METHODS_WITH_BODY.has(method);

/** What the server receives as the body once the wire mutation is applied. */
function effectiveBody(c: FuzzCase): Buffer {
  const b = bodyBytes(c);
  if (c.wire?.m === 'cl-short') return b.subarray(0, Math.max(0, b.length - c.wire.by));
  return b;
}

/** Why the body must be refused, if it must: media type, encoding, size, bytes, JSON, schema, text. */
function bodyFault(c: FuzzCase, op: Operation | undefined, env: Env): string | undefined {
  if (!METHODS_WITH_BODY.has(c.method)) return undefined;
  const body = effectiveBody(c);
  const header = (name: string) => c.headers[name];
  const encoding = header('content-encoding');
  if (body.length > 0 && encoding !== undefined && encoding.trim().toLowerCase() !== 'identity')
    return `Content-Encoding ${encoding}`;
  const contentType = header('content-type');
  if (body.length === 0) {
    if (contentType !== undefined && /^\s*application\/json\s*(;|$)/i.test(contentType))
      return 'an empty JSON body';
    return op?.bodyRequired ? 'no body' : undefined;
  }
  if (body.length > env.bodyLimit) return 'a body over the limit';
  if (contentType === undefined) return 'a body without a media type';
  const [type, ...params] = contentType.split(';');
  if (type.trim().toLowerCase() !== 'application/json') return `media type ${contentType}`;
  const charset = params
    .map((p) => p.trim().split('='))
    .find(([k]) => k.trim().toLowerCase() === 'charset')?.[1]
    ?.replace(/"/g, '')
    .trim()
    .toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return `charset ${charset}`;
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    return 'a body that is not UTF-8';
  }
  if (c.bodyNote) return `a body with ${c.bodyNote}`;
  let value: unknown;
  try {
    // RFC 8259 lets a parser ignore a byte order mark; the server may, so the oracle does too.
    value = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch {
    return 'a body that is not JSON';
  }
  const validate = op && env.bodyValidators.get(op.key);
  if (validate && !validate(value)) {
    const e = validate.errors?.[0];
    return `a body against its schema (${e?.instancePath || '/'} ${e?.message ?? ''})`;
  }
  // A batch answers a user's bad text in place (that entry's status), not by refusing the call.
  if (validate && op.key === BATCH_ROUTE) return undefined;
  if (validate) return storedTextFault(value, '');
  return undefined;
}

/** POST /recommendations/batch: each user is answered in place, with its own status. */
export const BATCH_ROUTE = 'POST /recommendations/batch';

/** The entries of a batch body whose text breaks the rules: each must be answered 4xx in place. */
export function batchEntryFaults(body: unknown): { index: number; fault: string }[] {
  const requests = (body as { requests?: unknown[] } | undefined)?.requests;
  if (!Array.isArray(requests)) return [];
  return requests.flatMap((r, index) => {
    const fault = storedTextFault(r, '');
    return fault ? [{ index, fault }] : [];
  });
}

/**
 * The body framing promises bytes that never come, on a method whose body the server reads
 * (so it must wait, then time out): the slow cases.
 */
export function unfinished(c: FuzzCase): boolean {
  const w = c.wire;
  if (!w || !readsBody(wireMethod(c))) return false;
  const n = bodyBytes(c).length;
  switch (w.m) {
    case 'cl-long':
      return true;
    case 'partial-body':
      return Math.floor(n * w.fraction) < n;
    case 'chunked':
      return w.broken === 'no-end' || (w.broken === 'short-size' && n > 0);
    default:
      return false;
  }
}

/** Why the wire mutation alone makes the request one the server must refuse. */
function wireFault(w: WireMutation, c: FuzzCase, env: Env): string | undefined {
  switch (w.m) {
    case 'partial-head':
      return 'a request that never completes';
    case 'cl-long':
    case 'partial-body':
      return unfinished(c) ? 'a request that never completes' : undefined;
    case 'cl-bad':
      return `Content-Length ${JSON.stringify(w.value)}`;
    case 'cl-dup':
      return w.second === 'other' ? 'two different Content-Lengths' : undefined;
    case 'cl-te':
      return 'Content-Length and Transfer-Encoding together';
    case 'chunked':
      if (w.broken === 'none') return undefined;
      // Unfinished framing only matters where the server reads the body.
      if ((w.broken === 'no-end' || w.broken === 'short-size') && !unfinished(c)) return undefined;
      return `a broken chunked body (${w.broken})`;
    case 'big-header':
      return w.size > env.maxHeaderBytes ? 'headers over the size limit' : undefined;
    case 'request-line':
      // Node's parser tolerates a run of spaces between the parts, as RFC 9112 lets it.
      return /^\{method\} +\{target\} HTTP\/1\.1$/.test(w.line) ? undefined : 'a malformed request line';
    case 'target-byte': {
      // A space before or after the target only widens a separator, which parsers may accept.
      const edge = w.at === 0 || w.at >= c.url.length;
      if (w.byte === 0x20 && edge) return undefined;
      return w.byte <= 0x20 || w.byte === 0x7f ? 'a control byte or space in the request-target' : undefined;
    }
    case 'header-byte':
      if (w.where === 'value')
        return (w.byte < 0x20 && w.byte !== 0x09) || w.byte === 0x7f
          ? 'a control byte in a header value'
          : undefined;
      // A colon only ends the name early ("x-f:z: 1" is the header x-f): still a valid line.
      if (w.byte === 0x3a) return undefined;
      return w.byte < 0x80 && !/[!#$%&'*+.^_`|~0-9A-Za-z-]/.test(String.fromCharCode(w.byte))
        ? 'a header name with a separator or control byte'
        : 'a header name with a non-ASCII byte';
    case 'no-host':
      return 'HTTP/1.1 without Host';
    case 'method':
      if (!METHODS.includes(w.token)) return `method ${JSON.stringify(w.token)}`;
      return undefined; // a real method: judged by the routes below
    case 'version':
      // This server speaks HTTP/1.0 and 1.1. Node's parser also takes 0.9 and 2.0 request lines
      // (and one with no version at all, as 0.9) and answers them as 1.1: an API that promises
      // 400 for a malformed request line must refuse them itself.
      return /^HTTP\/1\.[01]$/.test(w.version) ? undefined : `version ${w.version}`;
    default:
      return undefined;
  }
}

/**
 * The request-target actually on the wire. A byte put into it can move the request to another
 * route (`/recommendations/\batch` is POST /recommendations/{userId}, not the batch route), so
 * the oracle judges this target, not the case's URL. latin1: each char is one byte.
 */
export function wireTarget(c: FuzzCase): string {
  if (c.wire?.m !== 'target-byte') return c.url;
  const at = Math.min(c.wire.at, c.url.length);
  // A space at either end only widens the request line's separator (wireFault).
  if (c.wire.byte === 0x20 && (at === 0 || at === c.url.length)) return c.url;
  return c.url.slice(0, at) + String.fromCharCode(c.wire.byte) + c.url.slice(at);
}

/** The method actually on the wire. */
export const wireMethod = (c: FuzzCase): string => (c.wire?.m === 'method' ? c.wire.token : c.method);

/** Escapes a literal for a RegExp. */
const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The operation that answers `method` on `path` spelled exactly (no normalisation), if any. As
 * in the router, a static segment wins over a parameter (POST /recommendations/batch is not
 * POST /recommendations/{userId}): of the templates that match, the one with fewest parameters.
 */
export function operationAt(api: Api, method: string, path: string): Operation | undefined {
  const params = (op: Operation) => op.path.split(/\{\w+\}|\*/).length;
  const matching = api.ops.filter((op) => {
    const pattern = op.path
      .split(/(\{\w+\}|\*)/)
      .map((part) => (part === '*' ? '.*' : /^\{\w+\}$/.test(part) ? '[^/]*' : literal(part)))
      .join('');
    return (
      new RegExp(`^${pattern}$`).test(path) &&
      (op.method === method || (method === 'HEAD' && op.method === 'GET'))
    );
  });
  return matching.sort((a, b) => params(a) - params(b))[0];
}

/**
 * Why `c` must not be answered 2xx, or undefined when any answer below 500 is fine. A path
 * trick (kind `path-trick`) is judged by where it landed instead (see below).
 */
export function classify(c: FuzzCase, env: Env): string | undefined {
  if (c.wire) {
    const fault = wireFault(c.wire, c, env);
    if (fault) return fault;
  }
  const method = wireMethod(c);
  // A fragment is the client's own business; the router stops at '#', and so does the oracle.
  const [rawPath, rawQuery = ''] = wireTarget(c)
    .split('#')[0]
    .split(/\?(.*)/s);
  // A spelling that may land on its route, an open one, or none: what must hold is that no
  // handler runs without its key, which the instrumentation sees (fuzz.ts), not the status.
  if (c.kind === 'path-trick') return undefined;
  const op = operationAt(env.api, method, rawPath);
  // Unknown routes need a client key too (a 404 tells nothing without one); either way no 2xx.
  if (!op) return `no route ${method} ${rawPath}`;
  if (!sufficient(op.access, c.credential, env.roles))
    return `no valid key for a route of ${op.access} access`;
  // Path parameters, decoded as the router decodes them.
  const names = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const template = new RegExp(
    `^${op.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '([^/]*)')}$`,
  );
  const m = template.exec(rawPath);
  if (m) {
    for (const [i, name] of names.entries()) {
      let v: string;
      try {
        v = decodeURIComponent(m[i + 1]);
      } catch {
        return `path parameter ${name} is not valid percent-encoded UTF-8`;
      }
      const p = op.params.find((x) => x.name === name && x.in === 'path');
      const fault = p ? textFault(p.schema, v, name) : v === '' ? 'empty' : undefined;
      if (fault) return `path parameter ${name}: ${fault}`;
    }
  }
  // Query parameters.
  const seen = new Map<string, string[]>();
  if (rawQuery) {
    for (const pair of rawQuery.split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      let k: string;
      let v: string;
      try {
        k = decodeURIComponent((eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, ' '));
        v = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, ' '));
      } catch {
        return undefined; // undecodable query text: servers differ, no promise either way
      }
      seen.set(k, [...(seen.get(k) ?? []), v]);
    }
  }
  const query = op.params.filter((p) => p.in === 'query');
  for (const [k, values] of seen) {
    const p = query.find((x) => x.name === k);
    if (!p) {
      if (op.queryClosed) return `unknown query parameter ${JSON.stringify(k)}`;
      continue;
    }
    if (values.length > 1) return `query parameter ${k} given ${values.length} times`;
    const fault = textFault(p.schema, values[0], k);
    if (fault) return `query parameter ${k}: ${fault}`;
  }
  for (const p of query) if (p.mustSend && !seen.has(p.name)) return `missing query parameter ${p.name}`;
  return bodyFault(c, op, env);
}
