// npm run fuzz [-- --seconds N --seed N]: a property-based fuzzer over every route of the API.
// Requests are generated from the route schemas (the OpenAPI document the app builds), then
// half of them broken in one way each (a key, a type, a byte, a header, a path); the property is
// what the security issue promises: no 5xx, no hang, a broken request never accepted, every
// refusal in the error shape, no change to the store from a refused request, and every
// acknowledged event stored exactly once.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { openEventStore } from '../../src/events/open.ts';
import { buildApp } from '../../src/http/app.ts';
import { FakeEngine } from '../helpers/fake-engine.ts';
import { http11, portOf, rawRequest } from '../helpers/raw-http.ts';
import { arbitraryOf, type Resolve, type Schema } from './schema-arbitrary.ts';

const CLIENT = 'fuzz-client-key';
const ADMIN = 'fuzz-admin-key';
const BODY_LIMIT = 64 * 1024;
const HANG_MS = 5000;

interface Operation {
  method: string;
  path: string;
  access: 'open' | 'client' | 'admin';
  params: { name: string; in: 'path' | 'query'; schema: Schema }[];
  body?: Schema;
}

/** One generated request and, when it was broken on purpose, how. */
interface Case {
  op: Operation;
  req: { method: string; url: string; headers: Record<string, string>; payload?: string | Buffer };
  broken?: string;
  raw?: boolean;
}

type Doc = {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { name: string; in: string; schema: Schema }[];
        requestBody?: { content: Record<string, { schema: Schema }> };
      }
    >
  >;
  components?: { schemas?: Record<string, Schema> };
};

function operations(doc: Doc, access: (m: string, url: string) => Operation['access']): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const url = path.replace(/\{(\w+)\}/g, ':$1');
      ops.push({
        method: method.toUpperCase(),
        path,
        access: access(method.toUpperCase(), url),
        params: (op.parameters ?? []).filter(
          (p) => p.in === 'path' || p.in === 'query',
        ) as Operation['params'],
        body: op.requestBody?.content['application/json']?.schema,
      });
    }
  }
  return ops;
}

const keyFor = (op: Operation) => (op.access === 'admin' ? ADMIN : CLIENT);
const BAD_NUMBERS = ['0x10', '+10', '1e1', '10.0', ' 10', '', 'NaN', '1_0'];

/** The breakages: each turns a well-formed request into one the server must refuse. */
const BREAKS: Record<string, (c: Case) => Case | undefined> = {
  'no key': (c) =>
    c.op.access === 'open'
      ? undefined
      : { ...c, req: { ...c.req, headers: omit(c.req.headers, 'x-api-key') } },
  'wrong key': (c) =>
    c.op.access === 'open'
      ? undefined
      : { ...c, req: { ...c.req, headers: { ...c.req.headers, 'x-api-key': 'guess' } } },
  'client key on admin': (c) =>
    c.op.access === 'admin'
      ? { ...c, req: { ...c.req, headers: { ...c.req.headers, 'x-api-key': CLIENT } } }
      : undefined,
  'unknown field': (c) =>
    withBody(c, (v) =>
      Array.isArray(v) ? [{ ...(v[0] as object), zz: 1 }, ...v.slice(1)] : { ...(v as object), zz: 1 },
    ),
  'lone surrogate': (c) => withText(c, (t) => t.replace(/"([^"\\]*)"\s*:\s*"/, (m) => `${m}\\ud800`)),
  'invalid UTF-8': (c) => {
    if (typeof c.req.payload !== 'string') return undefined;
    const i = c.req.payload.indexOf('":"');
    if (i < 0) return undefined;
    const b = Buffer.from(c.req.payload);
    const at = Buffer.byteLength(c.req.payload.slice(0, i + 3));
    return {
      ...c,
      req: {
        ...c.req,
        payload: Buffer.concat([b.subarray(0, at), Buffer.from([0xff, 0xfe]), b.subarray(at)]),
      },
    };
  },
  'repeated key': (c) => withText(c, (t) => t.replace(/^(\[?\{)("[^"]+":)/, '$1$2"x",$2')),
  'gzip encoding': (c) =>
    c.op.body
      ? { ...c, req: { ...c.req, headers: { ...c.req.headers, 'content-encoding': 'gzip' } } }
      : undefined,
  'text/plain': (c) =>
    c.op.body
      ? { ...c, req: { ...c.req, headers: { ...c.req.headers, 'content-type': 'text/plain' } } }
      : undefined,
  'too large': (c) =>
    c.op.body ? { ...c, req: { ...c.req, payload: `{"userId":"${'x'.repeat(BODY_LIMIT)}"}` } } : undefined,
  'deep nesting': (c) =>
    c.op.body ? { ...c, req: { ...c.req, payload: `${'['.repeat(5000)}${']'.repeat(5000)}` } } : undefined,
  'not a plain number': (c) => {
    const p = c.op.params.find(
      (x) => x.in === 'query' && (x.schema.type === 'integer' || x.schema.type === 'number'),
    );
    if (!p) return undefined;
    const u = new URL(c.req.url, 'http://x');
    u.searchParams.set(p.name, BAD_NUMBERS[c.req.url.length % BAD_NUMBERS.length]);
    return { ...c, req: { ...c.req, url: `${u.pathname}${u.search}` } };
  },
  'path case': (c) => ({ ...c, req: { ...c.req, url: c.req.url.replace(/^\/\w/, (s) => s.toUpperCase()) } }),
  'double slash': (c) => ({ ...c, req: { ...c.req, url: `/${c.req.url}` } }),
  // Through the socket: inject() would resolve the `..` itself, as no real client must rely on.
  'dot segment': (c) => ({ ...c, raw: true, req: { ...c.req, url: `/healthz/..${c.req.url}` } }),
  'wrong method': (c) => ({ ...c, req: { ...c.req, method: c.op.method === 'GET' ? 'DELETE' : 'PUT' } }),
};

function omit(h: Record<string, string>, k: string) {
  const { [k]: _, ...rest } = h;
  return rest;
}
function withText(c: Case, f: (t: string) => string): Case | undefined {
  if (typeof c.req.payload !== 'string') return undefined;
  const t = f(c.req.payload);
  return t === c.req.payload ? undefined : { ...c, req: { ...c.req, payload: t } };
}
function withBody(c: Case, f: (v: unknown) => unknown): Case | undefined {
  if (typeof c.req.payload !== 'string') return undefined;
  const v = JSON.parse(c.req.payload);
  if (
    v === null ||
    typeof v !== 'object' ||
    (Array.isArray(v) && (v.length === 0 || typeof v[0] !== 'object'))
  )
    return undefined;
  return { ...c, req: { ...c.req, payload: JSON.stringify(f(v)) } };
}

function caseArbitrary(ops: Operation[], resolve: Resolve): fc.Arbitrary<Case> {
  const perOp = ops.map((op) => {
    const params = Object.fromEntries(
      op.params.map((p) => [
        p.name,
        p.in === 'path'
          ? fc.string({ minLength: 1, maxLength: 10 })
          : fc.option(arbitraryOf(p.schema, resolve), { nil: undefined }),
      ]),
    );
    return fc
      .record({
        params: fc.record(params),
        body: op.body ? arbitraryOf(op.body, resolve) : fc.constant(undefined),
        breakage: fc.option(fc.constantFrom(...Object.keys(BREAKS)), { nil: undefined, freq: 2 }),
        raw: fc.boolean(),
      })
      .map(({ params: values, body, breakage, raw }): Case => {
        let path = op.path;
        const query = new URLSearchParams();
        for (const p of op.params) {
          const v = values[p.name];
          if (v === undefined) continue;
          if (p.in === 'path') path = path.replace(`{${p.name}}`, encodeURIComponent(String(v)));
          else query.set(p.name, String(v));
        }
        const headers: Record<string, string> = { 'x-api-key': keyFor(op) };
        if (body !== undefined) headers['content-type'] = 'application/json';
        const qs = query.toString();
        const c: Case = {
          op,
          raw,
          req: {
            method: op.method,
            url: qs ? `${path}?${qs}` : path,
            headers,
            ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
          },
        };
        const broken = breakage ? BREAKS[breakage](c) : undefined;
        return broken ? { ...broken, broken: breakage } : c;
      });
  });
  return fc.oneof(...perOp);
}

export interface FuzzReport {
  seed: number;
  seconds: number;
  requests: number;
  raw: number;
  byRoute: Record<string, number>;
  byStatus: Record<string, number>;
  fourXxByCode: Record<string, number>;
  broken: Record<string, number>;
  fiveXx: number;
  hangs: number;
  storeChangedByRefusal: number;
  acknowledgedEvents: number;
  lostEvents: number;
  duplicatedEvents: number;
  adminRunsWithoutAdminKey: number;
  failure?: string;
}

const bump = (m: Record<string, number>, k: string) => {
  m[k] = (m[k] ?? 0) + 1;
};

export async function runFuzz(o: { seconds: number; seed: number }): Promise<FuzzReport> {
  const dir = mkdtempSync(join(tmpdir(), 'reco-fuzz-'));
  const store = await openEventStore(join(dir, 'events.sqlite'));
  const engine = new FakeEngine();
  let adminRuns = 0;
  let adminRunsAllowed = 0;
  const app = await buildApp({
    engine,
    store,
    logger: false,
    apiKeys: CLIENT,
    adminKeys: ADMIN,
    loopbackOnly: false,
    authFailureLimit: 0,
    bodyLimitBytes: BODY_LIMIT,
    reload: async () => {
      adminRuns++;
      return { changed: false, modelVersion: 'fake-1' };
    },
    retrain: {
      start: () => {
        adminRuns++;
        return 'started';
      },
      run: async () => {
        adminRuns++;
        return { status: 'unchanged', at: new Date().toISOString() };
      },
      status: () => ({ running: false, outcomes: { served: 0, refused: 0, failed: 0, unchanged: 0 } }),
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const access = new Map(app.routeAccess.map((r) => [`${r.method} ${r.url}`, r.access]));
  const doc = app.swagger() as unknown as Doc;
  const resolve: Resolve = (ref) => {
    const name = ref.replace(/^#\/components\/schemas\//, '').replace(/#$/, '');
    const s = doc.components?.schemas?.[name];
    if (!s) throw new Error(`unresolved $ref ${ref}`);
    return s;
  };
  const ops = operations(doc, (m, url) => access.get(`${m} ${url}`) ?? 'client');
  const report: FuzzReport = {
    seed: o.seed,
    seconds: o.seconds,
    requests: 0,
    raw: 0,
    byRoute: {},
    byStatus: {},
    fourXxByCode: {},
    broken: {},
    fiveXx: 0,
    hangs: 0,
    storeChangedByRefusal: 0,
    acknowledgedEvents: 0,
    lostEvents: 0,
    duplicatedEvents: 0,
    adminRunsWithoutAdminKey: 0,
  };
  const acknowledged = new Set<string>();
  let eventSeq = 0;

  const send = async (c: Case): Promise<{ status: number; body: string }> => {
    if (!c.raw) {
      const r = await app.inject(c.req as InjectOptions);
      return { status: r.statusCode, body: r.body };
    }
    report.raw++;
    const payload = c.req.payload === undefined ? '' : c.req.payload;
    const head = http11(c.req.method ?? 'GET', c.req.url, {
      ...c.req.headers,
      'content-length': String(Buffer.byteLength(payload as string | Buffer)),
    });
    const bytes = Buffer.concat([Buffer.from(head), Buffer.from(payload as string | Buffer)]);
    const r = await rawRequest(portOf(app), bytes, HANG_MS);
    return { status: r.status, body: r.body };
  };

  const property = fc.asyncProperty(caseArbitrary(ops, resolve), async (c0) => {
    // Give valid events an eventId so the ledger can find each acknowledged one afterwards.
    const c = tagEvents(c0, () => `fz-${eventSeq++}`);
    const before = { events: await store.count(), items: (await store.items()).length, admin: adminRuns };
    const answer = await Promise.race([
      send(c),
      new Promise<'hang'>((r) => setTimeout(() => r('hang'), HANG_MS).unref()),
    ]);
    report.requests++;
    bump(report.byRoute, `${c.op.method} ${c.op.path}`);
    if (c.broken) bump(report.broken, c.broken);
    if (answer === 'hang' || answer.status === 0) {
      report.hangs++;
      throw new Error(`no answer within ${HANG_MS} ms: ${describe(c)}`);
    }
    bump(report.byStatus, String(answer.status));
    if (answer.status >= 500) {
      report.fiveXx++;
      throw new Error(`${answer.status} ${answer.body.slice(0, 200)}: ${describe(c)}`);
    }
    if (answer.status >= 400) {
      const code = JSON.parse(answer.body)?.error?.code;
      assert.equal(typeof code, 'string', `not the error shape: ${answer.body.slice(0, 200)}`);
      bump(report.fourXxByCode, `${answer.status} ${code}`);
      const after = { events: await store.count(), items: (await store.items()).length };
      if (after.events !== before.events || after.items !== before.items) {
        report.storeChangedByRefusal++;
        throw new Error(`a refused request changed the store: ${describe(c)}`);
      }
    } else if (c.broken) {
      throw new Error(`a broken request (${c.broken}) was accepted with ${answer.status}: ${describe(c)}`);
    }
    const validAdmin = c.op.access === 'admin' && c.req.headers['x-api-key'] === ADMIN && !c.broken;
    if (validAdmin) adminRunsAllowed += adminRuns - before.admin;
    else if (adminRuns !== before.admin) {
      report.adminRunsWithoutAdminKey++;
      throw new Error(`an admin handler ran without an admin key: ${describe(c)}`);
    }
    if (answer.status === 202 && c.op.path === '/events') {
      const sent = [JSON.parse(String(c.req.payload))].flat() as { eventId?: string }[];
      for (const e of sent) if (e.eventId) acknowledged.add(e.eventId);
    }
    return true;
  });

  try {
    await fc.assert(property, {
      seed: o.seed,
      numRuns: Number.MAX_SAFE_INTEGER,
      interruptAfterTimeLimit: o.seconds * 1000,
      markInterruptAsFailure: false,
      endOnFailure: true,
    });
  } catch (e) {
    report.failure = (e as Error).message.slice(0, 4000);
  }
  // The ledger: every acknowledged event is in the store exactly once.
  const seen = new Map<string, number>();
  for await (const e of store.all()) if (e.eventId) seen.set(e.eventId, (seen.get(e.eventId) ?? 0) + 1);
  report.acknowledgedEvents = acknowledged.size;
  for (const id of acknowledged) {
    const n = seen.get(id) ?? 0;
    if (n === 0) report.lostEvents++;
    if (n > 1) report.duplicatedEvents++;
  }
  void adminRunsAllowed;
  await app.close();
  rmSync(dir, { recursive: true, force: true });
  return report;
}

/** Adds a fresh eventId to each event of a well-formed POST /events that has none. */
function tagEvents(c: Case, next: () => string): Case {
  if (c.op.path !== '/events' || c.broken || typeof c.req.payload !== 'string') return c;
  const body = JSON.parse(c.req.payload);
  const tag = (e: unknown) =>
    e && typeof e === 'object' && !('eventId' in e) ? { ...e, eventId: next() } : e;
  return {
    ...c,
    req: { ...c.req, payload: JSON.stringify(Array.isArray(body) ? body.map(tag) : tag(body)) },
  };
}

function describe(c: Case): string {
  const payload =
    c.req.payload === undefined ? '' : ` body ${JSON.stringify(String(c.req.payload).slice(0, 300))}`;
  return `${c.req.method} ${c.req.url}${c.broken ? ` [${c.broken}]` : ''}${c.raw ? ' (socket)' : ''} headers ${JSON.stringify(c.req.headers)}${payload}`;
}

export function ok(r: FuzzReport): boolean {
  return (
    !r.failure &&
    r.fiveXx === 0 &&
    r.hangs === 0 &&
    r.storeChangedByRefusal === 0 &&
    r.lostEvents === 0 &&
    r.duplicatedEvents === 0 &&
    r.adminRunsWithoutAdminKey === 0
  );
}

function printTable(r: FuzzReport): void {
  const rows: [string, string | number][] = [
    ['seed', r.seed],
    ['seconds', r.seconds],
    ['requests tried', r.requests],
    ['  through a socket', r.raw],
    ['  broken on purpose', Object.values(r.broken).reduce((a, b) => a + b, 0)],
    ['5xx', r.fiveXx],
    ['hangs', r.hangs],
    ['store changed by a refused request', r.storeChangedByRefusal],
    ['admin handler run without an admin key', r.adminRunsWithoutAdminKey],
    ['events acknowledged', r.acknowledgedEvents],
    ['events lost', r.lostEvents],
    ['events stored twice', r.duplicatedEvents],
  ];
  const out = [
    '| measure | value |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
    '| status | requests |',
    '|---|---|',
    ...Object.entries(r.byStatus)
      .sort()
      .map(([k, v]) => `| ${k} | ${v} |`),
    '',
    '| 4xx code | requests |',
    '|---|---|',
    ...Object.entries(r.fourXxByCode)
      .sort()
      .map(([k, v]) => `| ${k} | ${v} |`),
    '',
    '| route | requests |',
    '|---|---|',
    ...Object.entries(r.byRoute)
      .sort()
      .map(([k, v]) => `| ${k} | ${v} |`),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  if (r.failure) process.stdout.write(`\nFAILED (replay with --seed ${r.seed}):\n${r.failure}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { seconds: { type: 'string' }, seed: { type: 'string' } } });
  const seconds = Number(values.seconds ?? process.env.FUZZ_SECONDS ?? 30);
  const seed = Number(values.seed ?? process.env.FUZZ_SEED ?? 42);
  const report = await runFuzz({ seconds, seed });
  printTable(report);
  mkdirSync('reports', { recursive: true });
  writeFileSync('reports/fuzz.json', `${JSON.stringify(report, null, 2)}\n`);
  process.exit(ok(report) ? 0 : 1);
}
