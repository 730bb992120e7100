/**
 * The request arbitraries: for every operation, well-formed requests built from its schemas,
 * and the same requests broken one way each (the families below). Each generated request is
 * classified (expectations.ts) as it is built, so a counterexample carries its own verdict.
 */
import { createHash } from 'node:crypto';
import { METHODS } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { type Credential, classify, type Env, type FuzzCase, type WireMutation } from './expectations.ts';
import type { Operation } from './routes.ts';
import { badTextArb, invalidText, invalidValue, validText, validValue } from './schema-arbitrary.ts';

export interface Keys {
  client: string;
  admin: string;
}

/**
 * Percent-encodes text for a URL. encodeURIComponent throws on a lone surrogate; such a unit
 * goes out as the three bytes a careless encoder would write (invalid UTF-8), which the server
 * must refuse.
 */
export function encodeText(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff;
    if (pair) {
      out += encodeURIComponent(s.slice(i, i + 2));
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else out += encodeURIComponent(s[i]);
  }
  return out;
}

interface Parts {
  path: Record<string, string>;
  query: [string, string][];
  body: unknown;
  cred: [Credential, Record<string, string>];
}

/** A wildcard tail for routes like /docs/static/*, including attempts to climb out. */
const WILDCARD = fc.constantFrom(
  'index.html',
  'swagger-ui.css',
  'x.js',
  '../../package.json',
  '%2e%2e/%2e%2e/package.json',
  '..%2F..%2Fpackage.json',
  '',
);

function credentials(keys: Keys, roles: boolean) {
  const as = (key: string, label: Credential) =>
    fc
      .constantFrom<Record<string, string>>(
        { 'x-api-key': key },
        { authorization: `Bearer ${key}` },
        { authorization: `bearer ${key}` },
      )
      .map((h): [Credential, Record<string, string>] => [label, h]);
  const client = as(keys.client, 'client');
  // Without an admin role the admin key is just a key the server does not know.
  const admin = as(keys.admin, roles ? 'admin' : 'wrong');
  const guesses = fc.oneof(
    fc.constantFrom(
      'guess',
      `${keys.client}x`,
      keys.client.toUpperCase(),
      keys.client.slice(0, -1),
      `${keys.admin}x`,
      // The hashed form a secret may hold is not itself a key.
      `sha256:${createHash('sha256').update(keys.client).digest('hex')}`,
      'x'.repeat(10_000),
    ),
    fc
      .string({ minLength: 1, maxLength: 40 })
      .map((s) => s.trim())
      .filter((s) => s !== '' && s !== keys.client && s !== keys.admin),
  );
  const wrong = fc.oneof(
    guesses.map((g): [Credential, Record<string, string>] => ['wrong', { 'x-api-key': g }]),
    guesses.map((g): [Credential, Record<string, string>] => ['wrong', { authorization: `Bearer ${g}` }]),
    fc
      .constantFrom(
        `Basic ${Buffer.from(keys.client).toString('base64')}`,
        keys.client,
        `Token ${keys.client}`,
        `Bearer${keys.client}`,
      )
      .map((v): [Credential, Record<string, string>] => ['wrong', { authorization: v }]),
  );
  const none = fc
    .constantFrom<Record<string, string>>(
      {},
      { 'x-api-key': '' },
      { authorization: 'Bearer ' },
      { authorization: 'Bearer' },
    )
    .map((h): [Credential, Record<string, string>] => ['none', h]);
  return { client, admin, wrong, none };
}

export function caseArbitrary(env: Env, keys: Keys): fc.Arbitrary<FuzzCase> {
  const { api } = env;
  const creds = credentials(keys, env.roles);
  const good = (op: Operation) =>
    op.access === 'open'
      ? fc.oneof({ weight: 3, arbitrary: creds.none }, { weight: 1, arbitrary: creds.client })
      : op.access === 'admin'
        ? env.roles
          ? creds.admin
          : creds.client
        : fc.oneof({ weight: 4, arbitrary: creds.client }, { weight: 1, arbitrary: creds.admin });
  const bad = (op: Operation) =>
    fc.oneof(creds.wrong, creds.none, ...(op.access === 'admin' && env.roles ? [creds.client] : []));
  const openPaths = api.ops
    .filter((o) => o.access === 'open' && !o.path.includes('{') && !o.path.includes('*'))
    .map((o) => o.path);

  const finish = (c: Omit<FuzzCase, 'invalid'>): FuzzCase => ({
    ...c,
    invalid: classify(c as FuzzCase, env),
  });

  const perOp = api.ops.map((op) => {
    const pathParams = op.params.filter((p) => p.in === 'path');
    const queryParams = op.params.filter((p) => p.in === 'query');
    const partsOf = (lean: boolean): fc.Arbitrary<Parts> =>
      fc.record({
        path: fc.record(Object.fromEntries(pathParams.map((p) => [p.name, validText(p.schema, lean)]))),
        query: fc
          .tuple(
            ...queryParams.map((p) => {
              const v = validText(p.schema, lean).map((x): [string, string][] => [[p.name, x]]);
              if (p.mustSend) return v;
              return lean ? fc.constant([]) : fc.option(v, { nil: undefined, freq: 2 });
            }),
          )
          .map((xs) => xs.flatMap((x) => x ?? [])),
        body: op.body ? validValue(op.body, api.resolve, lean) : fc.constant(undefined as unknown),
        cred: good(op),
      });
    const parts = partsOf(false);
    const leanParts = partsOf(true);

    const urlOf = (p: Parts, pathOverride?: string, queryOverride?: string): string => {
      let path = op.path;
      for (const [k, v] of Object.entries(p.path)) path = path.replace(`{${k}}`, encodeText(v));
      if (path.includes('*')) path = path.replace('*', 'index.html');
      const query = queryOverride ?? p.query.map(([k, v]) => `${encodeText(k)}=${encodeText(v)}`).join('&');
      return `${pathOverride ?? path}${query ? `?${query}` : ''}`;
    };
    const request = (kind: string, p: Parts, over: Partial<FuzzCase> = {}): FuzzCase => {
      const body = p.body === undefined ? undefined : JSON.stringify(p.body);
      return finish({
        kind,
        op: op.key,
        method: op.method,
        url: urlOf(p),
        headers: { ...p.cred[1], ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body } : {}),
        credential: p.cred[0],
        ...over,
      });
    };
    const families: fc.WeightedArbitrary<FuzzCase>[] = [];
    const family = (weight: number, arbitrary: fc.Arbitrary<FuzzCase>) =>
      families.push({ weight, arbitrary });

    family(
      8,
      parts.map((p) => request('valid', p)),
    );
    family(
      8,
      leanParts.map((p) => request('valid', p)),
    );
    if (op.access !== 'open')
      family(
        4,
        fc.tuple(parts, bad(op)).map(([p, cred]) => request('key', { ...p, cred })),
      );

    if (op.body) {
      const bodySchema = op.body;
      family(
        8,
        fc
          .tuple(parts, invalidValue(bodySchema, api.resolve))
          .map(([p, body]) => request('body-schema', { ...p, body })),
      );
      family(
        4,
        parts.chain((p) => {
          const leaves = stringLeaves(p.body);
          if (!leaves.length) return fc.constant(request('body-text', p));
          return fc
            .tuple(fc.constantFrom(...leaves), badTextArb)
            .map(([leaf, bad]) => request('body-text', { ...p, body: setAt(p.body, leaf, bad) }));
        }),
      );
      family(
        3,
        fc.tuple(parts, fc.constantFrom(...BAD_UTF8), fc.nat()).map(([p, bytes, at]) => {
          const text = JSON.stringify(p.body);
          // Inside a string literal when there is one (where an id would be mangled), else at the end.
          const quotes = [...text.matchAll(/"/g)].map((m) => (m.index ?? 0) + 1);
          const pos = quotes.length ? quotes[at % quotes.length] : text.length;
          const buf = Buffer.concat([
            Buffer.from(text.slice(0, pos)),
            Buffer.from(bytes),
            Buffer.from(text.slice(pos)),
          ]);
          return request('body-utf8', p, { body: undefined, bodyHex: buf.toString('hex') });
        }),
      );
      family(
        2,
        fc.tuple(parts, fc.nat(), fc.boolean()).map(([p, at, escaped]) => {
          const text = withRepeatedKey(p.body, at, escaped);
          return text === undefined
            ? request('body-dupkey', p)
            : request('body-dupkey', p, { body: text, bodyNote: 'repeated key' });
        }),
      );
      family(
        1,
        fc
          .tuple(
            parts,
            fc.constantFrom(100, 1000, 10_000, 100_000),
            fc.constantFrom('[', '{"a":'),
            fc.boolean(),
          )
          .map(([p, depth, open, balanced]) => {
            const close = open === '[' ? ']' : '}';
            const deep = `${open.repeat(depth)}${balanced ? `1${close.repeat(depth)}` : ''}`;
            const text = JSON.stringify(p.body);
            const body = /^\[?\{/.test(text)
              ? text.replace(/^(\[?\{)/, `$1"zz":${deep}${text.match(/^\[?\{\}/) ? '' : ','}`)
              : deep;
            return request('body-nesting', p, { body, bodyNote: 'deep nesting' });
          }),
      );
    }
    if (op.method === 'POST') {
      family(
        3,
        fc.tuple(parts, fc.constantFrom(...SYNTAX), fc.nat()).map(([p, breakIt, n]) =>
          request('body-syntax', p, {
            body: breakIt(JSON.stringify(p.body ?? {}), n),
            headers: { ...p.cred[1], 'content-type': 'application/json' },
          }),
        ),
      );
      family(
        3,
        fc.tuple(parts, fc.constantFrom<string | null>(...CONTENT_TYPES)).map(([p, type]) => {
          const c = request('content-type', { ...p, body: p.body ?? {} });
          const { 'content-type': _, ...headers } = c.headers;
          return finish({ ...c, headers: type === null ? headers : { ...headers, 'content-type': type } });
        }),
      );
      family(
        2,
        fc.tuple(parts, fc.constantFrom(...ENCODINGS)).map(([p, enc]) => {
          const c = request('content-encoding', { ...p, body: p.body ?? {} });
          const raw = Buffer.from(c.body ?? '');
          const packed =
            enc === 'gzip'
              ? gzipSync(raw)
              : enc === 'deflate'
                ? deflateSync(raw)
                : enc === 'br'
                  ? brotliCompressSync(raw)
                  : undefined;
          return finish({
            ...c,
            headers: { ...c.headers, 'content-encoding': enc },
            ...(packed ? { body: undefined, bodyHex: packed.toString('hex') } : {}),
          });
        }),
      );
      family(
        1,
        fc.tuple(parts, fc.constantFrom(-1, 0, 1, 1000)).map(([p, over]) => {
          const text = JSON.stringify(p.body ?? {});
          // Whitespace is valid JSON: only the size is wrong.
          return request('body-size', p, {
            body: text + ' '.repeat(Math.max(0, env.bodyLimit + over - Buffer.byteLength(text))),
            headers: { ...p.cred[1], 'content-type': 'application/json' },
          });
        }),
      );
    }
    if (queryParams.length || op.queryClosed) {
      const breaks: fc.Arbitrary<(q: [string, string][]) => [string, string][]>[] = [
        fc
          .constantFrom('extra', 'K', 'k ', 'userid', '__proto__', 'constructor', '')
          .chain((name) =>
            fc
              .string({ maxLength: 5 })
              .map((v) => (q: [string, string][]) => [...q, [name, v] as [string, string]]),
          ),
      ];
      for (const qp of queryParams) {
        breaks.push(
          invalidText(qp.schema).map((v) => (q) => [...q.filter(([k]) => k !== qp.name), [qp.name, v]]),
        );
        breaks.push(
          fc.tuple(validText(qp.schema), validText(qp.schema)).map(([a, b]) => (q) => [
            ...q.filter(([k]) => k !== qp.name),
            [qp.name, a],
            [qp.name, b],
          ]),
        );
        if (qp.mustSend) breaks.push(fc.constant((q) => q.filter(([k]) => k !== qp.name)));
      }
      family(
        8,
        fc.tuple(parts, fc.oneof(...breaks)).map(([p, f]) => request('query', { ...p, query: f(p.query) })),
      );
      // Raw query text: the separators and encodings themselves.
      family(
        1,
        fc
          .tuple(
            parts,
            fc.constantFrom(
              '&&&',
              '=',
              '==',
              '&=&',
              '%',
              '%zz',
              '%E0%A4%A',
              'a=%00',
              '?',
              '#',
              ';k=1',
              'k=1;k=2',
              '+=+',
              `${'a='.repeat(2000)}`,
            ),
          )
          .map(([p, q]) => finish({ ...request('query-text', p), url: urlOf(p, undefined, q) })),
      );
    }
    if (pathParams.length) {
      family(
        6,
        fc
          .tuple(
            parts,
            fc.constantFrom(...pathParams),
            fc.oneof(
              invalidText({ type: 'string' }),
              invalidText(pathParams[0].schema),
              fc.constantFrom(
                'y'.repeat(300),
                'y'.repeat(513),
                'y'.repeat(5000),
                '.',
                '..',
                'a%2Fb',
                '%2e%2e',
              ),
            ),
          )
          .map(([p, param, v]) => request('path-param', { ...p, path: { ...p.path, [param.name]: v } })),
      );
    }
    if (op.path.includes('*'))
      family(
        2,
        fc
          .tuple(parts, WILDCARD)
          .map(([p, tail]) => finish({ ...request('wildcard', p), url: op.path.replace('*', tail) })),
      );

    // Other spellings of this route's path: each must either be the route (and pass its key
    // check) or be no route at all. Half go over the socket: inject would normalise them.
    family(
      4,
      fc
        .tuple(
          parts,
          fc.constantFrom(...TRICKS),
          fc.constantFrom(...(openPaths.length ? openPaths : ['/'])),
          fc.oneof(good(op), bad(op), bad(op)),
          fc.boolean(),
        )
        .map(([p, trick, open, cred, raw]) => {
          const path = urlOf({ ...p, query: [] });
          return finish({
            ...request('path-trick', { ...p, cred }),
            url: trick(path, open),
            ...(raw ? { wire: { m: 'as-is' } as WireMutation } : {}),
          });
        }),
    );
    family(
      2,
      fc
        .tuple(parts, fc.constantFrom(...INJECT_METHODS.filter((m) => m !== op.method)))
        .map(([p, method]) => request('method', p, { method })),
    );
    // Routes outside the document (docs, metrics) have no schemas to explore: a quarter of the
    // traffic of a documented one.
    return families.map((f) => ({ ...f, weight: f.weight * (op.documented ? 4 : 1) }));
  });

  const unknown = fc
    .tuple(fc.array(fc.webSegment(), { minLength: 1, maxLength: 4 }), credentials(keys, env.roles).client)
    .map(([segs, cred]) =>
      finish({
        kind: 'unknown-path',
        op: 'unknown',
        method: 'GET',
        url: `/zz-${segs.join('/')}`,
        headers: cred[1],
        credential: cred[0],
      }),
    );
  const plain = fc.oneof(...perOp.flat(), { weight: 1, arbitrary: unknown });
  // A share of everything through a real socket, with one change to the bytes.
  const wire = fc.tuple(plain, wireMutation).map(([c, w]) => finish({ ...c, wire: w }));
  return fc.oneof({ weight: 6, arbitrary: plain }, { weight: 1, arbitrary: wire });
}

/** Paths (as arrays of keys) to the string values of a JSON value. */
function stringLeaves(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof v === 'string') return [at];
  if (Array.isArray(v)) return v.slice(0, 5).flatMap((x, i) => stringLeaves(x, [...at, i]));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => stringLeaves(x, [...at, k]));
  return [];
}

function setAt(v: unknown, path: (string | number)[], x: unknown): unknown {
  if (!path.length) return x;
  const [head, ...rest] = path;
  if (Array.isArray(v)) return v.map((y, i) => (i === head ? setAt(y, rest, x) : y));
  const o = v as Record<string, unknown>;
  return { ...o, [head]: setAt(o[head as string], rest, x) };
}

/**
 * The JSON text of `v` with one object repeating one of its keys (the `at`-th key met), the
 * repeat spelled with a \u escape when `escaped` (the same key once unescaped).
 */
function withRepeatedKey(v: unknown, at: number, escaped: boolean): string | undefined {
  let n = 0;
  let total = 0;
  const count = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(count);
    else if (x && typeof x === 'object')
      for (const y of Object.values(x)) {
        total++;
        count(y);
      }
  };
  count(v);
  if (total === 0) return undefined;
  const target = at % total;
  const write = (x: unknown): string => {
    if (Array.isArray(x)) return `[${x.map(write).join(',')}]`;
    if (x && typeof x === 'object') {
      const members: string[] = [];
      for (const [k, y] of Object.entries(x)) {
        const here = n++ === target;
        const value = write(y);
        members.push(`${JSON.stringify(k)}:${value}`);
        if (here) {
          const key =
            escaped && k.length
              ? `"\\u${k.charCodeAt(0).toString(16).padStart(4, '0')}${JSON.stringify(k).slice(2)}`
              : JSON.stringify(k);
          members.push(`${key}:${value}`);
        }
      }
      return `{${members.join(',')}}`;
    }
    return JSON.stringify(x);
  };
  return write(v);
}

/** Byte sequences that are not UTF-8. */
const BAD_UTF8 = [
  [0xff],
  [0xfe],
  [0x80],
  [0xc0, 0xaf], // overlong "/"
  [0xe2, 0x82], // truncated
  [0xed, 0xa0, 0x80], // an encoded surrogate
  [0xf4, 0x90, 0x80, 0x80], // past U+10FFFF
  [0xf8, 0x88, 0x80, 0x80, 0x80], // five bytes
  [0xc3], // lead byte, then a quote
];

/** Ways to make JSON text something else; the classifier says which results are still JSON. */
const SYNTAX: ((t: string, n: number) => string)[] = [
  (t, n) => t.slice(0, n % Math.max(1, t.length)),
  (t) => `${t}x`,
  (t) => `${t},`,
  (t) => `${t}}`,
  (t) => `${t}\n`,
  (t) => `\ufeff${t}`,
  (t) => t.replace(/:(-?\d[\d.e+-]*)/, ':NaN'),
  (t) => t.replace(/:(-?\d[\d.e+-]*)/, ':Infinity'),
  (t) => t.replace(/:(-?\d[\d.e+-]*)/, ':1e999'),
  (t) => t.replace(/:(-?\d[\d.e+-]*)/, ':-0'),
  (t) => t.replace(/:(-?\d[\d.e+-]*)/, ':0x10'),
  (t) => t.replace(/:"/, ':undefined,"x":"'),
  (t) => t.replace(/"/g, "'"),
  (t) => `/* c */${t}`,
  () => 'null',
  () => '',
  () => '   ',
  () => '"x"',
  () => '42',
  () => 'true',
  () => '[]',
  () => '{}',
  (t) => `${t}${t}`,
  (t) => t.replace(/^\{/, '{"__proto__":{"x":1},'),
  (t) => t.replace(/^\{/, '{"constructor":{"prototype":{"x":1}},'),
];

const CONTENT_TYPES: (string | null)[] = [
  null,
  '',
  'text/plain',
  'text/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/jsonx',
  'application/json-patch+json',
  'application/vnd.api+json',
  'application/*',
  '*/*',
  'application/json; charset=latin1',
  'application/json; charset=iso-8859-1',
  'application/json; charset=utf-16',
  'application/json; charset="utf-8"',
  'application/json;charset=UTF-8',
  'Application/JSON',
  'application/json; foo=bar',
  'application/json, text/plain',
];

const ENCODINGS = [
  'gzip',
  'deflate',
  'br',
  'x-custom',
  'gzip, identity',
  'identity',
  'IDENTITY',
  ' identity',
  'compress',
  'zstd',
  '',
];

/** Spellings of `path` (open: an open route, for dot-segment tricks through it). */
const TRICKS: ((path: string, open: string) => string)[] = [
  (p) => `/${p}`,
  (p) => p.replace(/^(\/[^/]+)\//, '$1//'),
  (p) => `${p}/`,
  (p) => p.replace(/^\/(.)/, (_, c: string) => `/${c.toUpperCase()}`),
  (p) => p.toUpperCase(),
  (p) => p.replace(/^\/(.)/, (_, c: string) => `/%${c.charCodeAt(0).toString(16)}`),
  (p) => p.replace(/(.)$/, (_, c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
  (p, o) => `${o}/..${p}`,
  (p, o) => `${o}/%2e%2e${p}`,
  (p, o) => `${o}%2F..%2F${p.slice(1)}`,
  (p) => `/.${p}`,
  (p) => `${p}/.`,
  (p) => `${p}?`,
  (p) => `${p}#frag`,
  (p) => `${p};x`,
  (p) => `${p}%00`,
  (p) => `${p}%20`,
  (p) => `${p}%2F`,
  (p) => `${p}.json`,
  (p) => p.replace(/\//g, '\\'),
  (p) => `/${p.slice(1).replace(/\//g, '%2F')}`,
  (p, o) => `${o}?${p}`,
  (p, o) => `${o}#/..${p}`,
  (p) => p.replace(/^\/[^/]+/, (s) => `${s}%09`),
];

/** Methods light-my-request accepts; the socket sends any token. */
const INJECT_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE'];

const wireMutation: fc.Arbitrary<WireMutation> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<WireMutation>({ m: 'as-is' }) },
  {
    weight: 2,
    arbitrary: fc.integer({ min: 1, max: 20 }).map((by): WireMutation => ({ m: 'cl-short', by })),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1, max: 100 }).map((by): WireMutation => ({ m: 'cl-long', by })),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom('abc', '-1', '+5', '0x10', '1e1', '', '5, 6', '99999999999999999999', '1.0', ' 1 2')
      .map((value): WireMutation => ({ m: 'cl-bad', value })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom<'same' | 'other'>('same', 'other')
      .map((second): WireMutation => ({ m: 'cl-dup', second })),
  },
  { weight: 1, arbitrary: fc.constant<WireMutation>({ m: 'cl-te' }) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom<'none' | 'bad-size' | 'short-size' | 'no-end' | 'ext-overflow'>(
        'none',
        'none',
        'bad-size',
        'short-size',
        'no-end',
        'ext-overflow',
      )
      .map((broken): WireMutation => ({ m: 'chunked', broken })),
  },
  { weight: 1, arbitrary: fc.constant<WireMutation>({ m: 'partial-head' }) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(0, 0.5, 0.9)
      .map((fraction): WireMutation => ({ m: 'partial-body', fraction })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(8000, 17_000, 70_000).map((size): WireMutation => ({ m: 'big-header', size })),
  },
  { weight: 1, arbitrary: fc.constantFrom(100, 3000).map((n): WireMutation => ({ m: 'many-headers', n })) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(
        '{method}',
        '{method} {target}',
        '{method} {target} HTTP/1.1 extra',
        '{method}  {target} HTTP/1.1',
        '{target} HTTP/1.1',
        '{method} HTTP/1.1',
        ' {method} {target} HTTP/1.1',
        '{method}\t{target}\tHTTP/1.1',
        '\u0000\u0001\u0002',
        'GET / HTTP/1.1\u0000',
        '{method} {target} HTTP/1.1\r',
      )
      .map((line): WireMutation => ({ m: 'request-line', line })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.nat({ max: 40 }),
        fc.constantFrom(
          0x00,
          0x01,
          0x09,
          0x0a,
          0x0d,
          0x20,
          0x7f,
          0x22,
          0x3c,
          0x5c,
          0x5e,
          0x60,
          0x7b,
          0x7c,
          0x80,
          0xc3,
          0xff,
        ),
      )
      .map(([at, byte]): WireMutation => ({ m: 'target-byte', at, byte })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom<'name' | 'value'>('name', 'value'),
        fc.constantFrom(0x00, 0x01, 0x09, 0x0a, 0x0d, 0x20, 0x22, 0x28, 0x2c, 0x3a, 0x7f, 0x80, 0xff),
      )
      .map(([where, byte]): WireMutation => ({ m: 'header-byte', where, byte })),
  },
  { weight: 1, arbitrary: fc.constant<WireMutation>({ m: 'no-host' }) },
  { weight: 1, arbitrary: fc.constant<WireMutation>({ m: 'lf-only' }) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(
        'FOO',
        'get',
        'Get',
        'PURGE',
        'PROPFIND',
        'CONNECT',
        'M-SEARCH',
        'PRI',
        'G\u00e9T',
        'GET/',
        ...METHODS.slice(0, 5),
      )
      .map((token): WireMutation => ({ m: 'method', token })),
  },
  { weight: 1, arbitrary: fc.constant<WireMutation>({ m: 'expect-continue' }) },
  { weight: 1, arbitrary: fc.constant<WireMutation>({ m: 'absolute-target' }) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(
        'HTTP/1.0',
        'HTTP/1.2',
        'HTTP/2.0',
        'HTTP/0.9',
        'HTTPS/1.1',
        'http/1.1',
        'HTTP/1.10',
        'HTTP/11',
      )
      .map((version): WireMutation => ({ m: 'version', version })),
  },
);
