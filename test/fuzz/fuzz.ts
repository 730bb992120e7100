// npm run fuzz [-- --seconds N --seed N --replay SEED:PATH --report FILE]: a property-based
// fuzzer over every route of the API (fast-check). Requests are generated from the route
// schemas the app publishes, then broken one way each (cases.ts); each is sent through
// `app.inject` or, for what inject cannot express, a real socket. The property is what the
// security issue promises of every request: no 5xx, an answer within 5 s, a request that breaks
// a documented rule never accepted, every refusal in the error shape, no handler reached without
// the key its route needs, no change to the store from a refused request, and every
// acknowledged event and item stored exactly once (checked at the end against a ledger, after
// reopening the SQLite file). A failure is shrunk, printed with its replay line, and the search
// goes on for other kinds of failure until the time budget is spent; exit 1 if there was any.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { maxHeaderSize } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import type { Item, RecoEvent } from '../../src/data/types.ts';
import { openSqliteStore } from '../../src/events/sqlite-store.ts';
import type { EventStore } from '../../src/events/store.ts';
import { type AppOptions, buildApp } from '../../src/http/app.ts';
import { FakeEngine } from '../helpers/fake-engine.ts';
import { caseArbitrary, type Keys } from './cases.ts';
import {
  BATCH_ROUTE,
  batchEntryFaults,
  bodyBytes,
  type Env,
  type FuzzCase,
  sufficient,
  validatorsFor,
  wireMethod,
} from './expectations.ts';
import { discover } from './routes.ts';
import { exchange, isSlow, toBytes } from './wire.ts';

const KEYS: Keys = { client: 'fuzz-client-key-0123456789', admin: 'fuzz-admin-key-9876543210' };
/** An answer later than this is a hang. */
const HANG_MS = 5000;
/** Small enough that a generated body can pass it, large enough for the largest valid batch. */
const BODY_LIMIT = 2 * 1024 * 1024;
/** Short server timeouts, so a request that never completes is answered (408) well within HANG_MS. */
const TIMEOUTS = {
  headersTimeoutMs: 1000,
  requestTimeoutMs: 1500,
  connectionTimeoutMs: 3000,
  keepAliveTimeoutMs: 1000,
};
/** The routes whose 202 means "durably stored": what the ledger models. */
const EVENTS_ROUTE = 'POST /events';
const ITEMS_ROUTE = 'POST /items';
/** A fragment of package.json that no answer may contain (a static file route climbing out). */
const LEAK_MARKER = '"devDependencies"';

export interface FuzzOptions {
  seconds: number;
  seed: number;
  /** `SEED:PATH` from a failure report: run exactly that request again. */
  replay?: string;
  /** Shrinking time per failure (ms). */
  shrinkMs?: number;
  log?: (line: string) => void;
}

export interface Failure {
  group: string;
  oracle: string;
  op: string;
  kind: string;
  detail: string;
  occurrences: number;
  /** Shrunk, with its fast-check replay line. */
  counterexample: FuzzCase;
  replay: string;
  reproduction: string;
  report: string;
}

export interface FuzzReport {
  seed: number;
  seconds: number;
  elapsedMs: number;
  requests: number;
  shrinkRequests: number;
  viaSocket: number;
  slowSkipped: number;
  adminRole: boolean;
  byRoute: Record<string, number>;
  byKind: Record<string, number>;
  /** Time spent answering each kind (ms): where a run's budget goes. */
  msByKind: Record<string, number>;
  byStatus: Record<string, number>;
  fourXxByCode: Record<string, number>;
  /** 2xx answers per operation: the valid path must be exercised too. */
  acceptedByRoute: Record<string, number>;
  invalidSent: number;
  fiveXx: number;
  hangs: number;
  noAnswer: number;
  acceptedInvalid: number;
  errorShape: number;
  authBypass: number;
  storeChangedByRefusal: number;
  acknowledgedEvents: number;
  acknowledgedItems: number;
  lostEvents: number;
  duplicatedEvents: number;
  unacknowledgedStored: number;
  itemsWrong: number;
  failures: Failure[];
}

interface Violation {
  oracle: string;
  detail: string;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
  timedOut: boolean;
}

/** What the instrumentation saw while one request ran (requests are sent one at a time). */
interface Trace {
  handlers: { method: string; url: string; access?: string }[];
  changes: string[];
  adminCalls: number;
}

const bump = (m: Record<string, number>, k: string, n = 1) => {
  m[k] = (m[k] ?? 0) + n;
};

/** JSON with sorted keys: equality of stored and expected values regardless of key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'undefined';
}

/** What an event is, for the ledger: everything but the timestamp (the server may supply it). */
function eventKey(e: {
  userId: unknown;
  itemId: unknown;
  type: unknown;
  watchTime?: unknown;
  eventId?: unknown;
  context?: unknown;
}) {
  const context = e.context && Object.keys(e.context).length ? e.context : null;
  return canonical([
    String(e.userId),
    String(e.itemId),
    e.type,
    e.watchTime ?? null,
    e.eventId ?? null,
    context,
  ]);
}

/** Every event and item a 202 acknowledged, and what the store must therefore hold. */
class Ledger {
  /** Expected events by eventKey (a multiset). */
  readonly events: Record<string, number> = {};
  readonly eventIds = new Set<string>();
  total = 0;
  readonly items = new Map<string, Item>();

  /** Records a batch the server acknowledged; returns the counts it should have answered. */
  events202(body: unknown): { accepted: number; duplicates: number } {
    let accepted = 0;
    let duplicates = 0;
    for (const e of [body].flat() as RecoEvent[]) {
      if (e.eventId !== undefined) {
        if (this.eventIds.has(e.eventId)) {
          duplicates++;
          continue;
        }
        this.eventIds.add(e.eventId);
      }
      accepted++;
      this.total++;
      bump(this.events, eventKey(e));
    }
    return { accepted, duplicates };
  }

  items202(body: unknown): { stored: number } {
    const items = [body].flat() as Item[];
    for (const it of items) this.items.set(it.itemId, it);
    return { stored: new Set(items.map((it) => it.itemId)).size };
  }
}

/** Bash ANSI-C quoting: what a shell needs to send these exact bytes. */
function ansiC(b: Buffer, max = 4000): string {
  let out = '';
  for (const byte of b.subarray(0, max)) {
    const ch = String.fromCharCode(byte);
    out +=
      byte >= 0x20 && byte < 0x7f && ch !== "'" && ch !== '\\'
        ? ch
        : `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return `$'${out}'${b.length > max ? ` (first ${max} of ${b.length} bytes)` : ''}`;
}

/** A one-line reproduction against `reco serve` started with the fuzzer's keys on port 3000. */
export function reproduce(c: FuzzCase): string {
  if (c.wire) return `printf '%s' ${ansiC(toBytes(c))} | nc -q 3 127.0.0.1 3000`;
  const headers = Object.entries(c.headers)
    .map(([k, v]) => `-H ${ansiC(Buffer.from(`${k}: ${v}`))}`)
    .join(' ');
  const body = bodyBytes(c);
  const data = body.length ? ` --data-binary ${ansiC(body)}` : '';
  const method = c.method === 'HEAD' ? '-I' : `-X ${c.method}`;
  return `curl -sS -i --path-as-is ${method} ${ansiC(Buffer.from(`http://127.0.0.1:3000${c.url}`))} ${headers}${data}`;
}

/** The same request as `app.inject` options (body as hex when it is not text). */
export function injectOptions(c: FuzzCase): string {
  return JSON.stringify({
    method: c.method,
    url: c.url,
    headers: c.headers,
    ...(c.bodyHex !== undefined
      ? { payload: `Buffer.from('${c.bodyHex.slice(0, 4000)}', 'hex')` }
      : c.body !== undefined
        ? { payload: c.body.slice(0, 4000) }
        : {}),
  });
}

/** Refusal categories, so one cause found on several values is one failure. */
const reasonClass = (why: string | undefined) =>
  (why ?? '')
    .replace(/\(.*\)$/, '')
    .replace(/"[^"]*"/g, '…')
    .replace(/\d+/g, 'N')
    .trim();

function groupOf(v: Violation, c: FuzzCase): string {
  const why = v.oracle === 'accepted-invalid' ? ` | ${reasonClass(c.invalid)}` : '';
  // A change to the bytes on the wire is the cause whatever the request was: one group.
  if (c.wire && c.wire.m !== 'as-is') return `${v.oracle} | wire:${c.wire.m}${why}`;
  return `${v.oracle} | ${c.op} | ${c.kind}${c.wire ? ' (socket)' : ''}${why}`;
}

function errorShapeProblem(a: Answer): string | undefined {
  const type = String(a.headers['content-type'] ?? '');
  if (!/^application\/json/i.test(type)) return `content-type ${JSON.stringify(type)}`;
  try {
    const e = JSON.parse(a.body)?.error;
    if (typeof e?.code === 'string' && typeof e?.message === 'string') return undefined;
  } catch {
    // falls through
  }
  return `body ${JSON.stringify(a.body.slice(0, 200))}`;
}

export async function runFuzz(o: FuzzOptions): Promise<FuzzReport> {
  const log = o.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'reco-fuzz-'));
  const dbPath = join(dir, 'events.sqlite');
  const real = openSqliteStore(dbPath);
  let trace: Trace = { handlers: [], changes: [], adminCalls: 0 };
  // The real SQLite store, with every committed write noted against the request that made it.
  const store: EventStore = {
    kind: real.kind,
    async append(events) {
      const r = await real.append(events);
      if (r.accepted > 0) trace.changes.push(`append: ${r.accepted} new events`);
      return r;
    },
    async putItems(items) {
      const r = await real.putItems(items);
      if (items.length > 0) trace.changes.push(`putItems: ${items.length} items`);
      return r;
    },
    async eraseUser(u, at) {
      const r = await real.eraseUser(u, at);
      trace.changes.push(`eraseUser: ${r.events} events`);
      return r;
    },
    async setItemFlags(i, f) {
      await real.setItemFlags(i, f);
      trace.changes.push(`setItemFlags: ${i}`);
    },
    async prune(q) {
      const n = await real.prune(q);
      if (n > 0) trace.changes.push(`prune: ${n} events`);
      return n;
    },
    byUser: (u, limit) => real.byUser(u, limit),
    userEvents: (u, q) => real.userEvents(u, q),
    erasedUsers: () => real.erasedUsers(),
    erasedAt: (u) => real.erasedAt(u),
    itemFlags: () => real.itemFlags(),
    all: () => real.all(),
    searchesByUser: (u) => real.searchesByUser(u),
    searches: () => real.searches(),
    count: () => real.count(),
    items: () => real.items(),
    itemsSince: (c) => real.itemsSince(c),
    close: () => real.close(),
  };
  // The fake engine keeps what it observed; only the recent past matters to it here.
  const engine = new (class extends FakeEngine {
    override async observe(events: readonly RecoEvent[]) {
      await super.observe(events);
      if (this.observed.length > 2000) this.observed.splice(0, this.observed.length - 1000);
      if (this.addedItems.length > 2000) this.addedItems.splice(0, this.addedItems.length - 1000);
    }
  })();
  const admin = () => {
    trace.adminCalls++;
  };
  // Built as a plain object and checked once against AppOptions: options a given version of the
  // app does not know (adminKeys, timeouts, authFailureLimit, ...) ride along harmlessly.
  const options: AppOptions & Record<string, unknown> = {
    engine,
    store,
    logger: false,
    bodyLimitBytes: BODY_LIMIT,
    apiKeys: KEYS.client,
    adminKeys: KEYS.admin,
    // A networked deployment: admin routes answer admin keys only, never "local" callers.
    loopbackOnly: false,
    // The per-address failure limit would turn most of a fuzz run into 429s from 127.0.0.1.
    authFailureLimit: 0,
    timeouts: TIMEOUTS,
    reload: async () => {
      admin();
      return { changed: false, modelVersion: 'fake-1', previousVersion: 'fake-1' };
    },
    // A function with the methods of RetrainControl: an app that calls retrain() (older ones)
    // and one that calls retrain.start() both get a working fake.
    retrain: Object.assign(
      () => {
        admin();
        return 'started' as const;
      },
      {
        start: () => {
          admin();
          return 'started' as const;
        },
        run: async () => {
          admin();
          return { status: 'unchanged' as const, at: new Date().toISOString() };
        },
        // Read-only (GET /metrics reads it too): not an admin action.
        status: () => ({ running: false, outcomes: { served: 0, refused: 0, failed: 0, unchanged: 0 } }),
      },
    ),
  };
  const app = await buildApp(options);
  // Instrumentation, added after the routes (fastify applies root hooks to every route): which
  // route's handler a request reached, with the access the route declared.
  app.addHook('preHandler', async (req) => {
    // The not-found handler (no route url) serves no route: nothing to guard.
    if (!req.routeOptions.url) return;
    trace.handlers.push({
      method: req.method,
      url: req.routeOptions.url,
      access: req.routeOptions.config?.access,
    });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;

  // Does this app know an admin role? An unknown route with the admin key is a 404 if the key
  // is recognised, a 401 if it is not.
  const probe = await app.inject({ url: '/__fuzz_probe__', headers: { 'x-api-key': KEYS.admin } });
  const api = await discover(app);
  const env: Env = {
    api,
    roles: probe.statusCode !== 401,
    bodyLimit: BODY_LIMIT,
    maxHeaderBytes: maxHeaderSize,
    ...validatorsFor(api),
  };

  const report: FuzzReport = {
    seed: o.seed,
    seconds: o.seconds,
    elapsedMs: 0,
    requests: 0,
    shrinkRequests: 0,
    viaSocket: 0,
    slowSkipped: 0,
    adminRole: env.roles,
    byRoute: {},
    byKind: {},
    msByKind: {},
    byStatus: {},
    fourXxByCode: {},
    acceptedByRoute: {},
    invalidSent: 0,
    fiveXx: 0,
    hangs: 0,
    noAnswer: 0,
    acceptedInvalid: 0,
    errorShape: 0,
    authBypass: 0,
    storeChangedByRefusal: 0,
    acknowledgedEvents: 0,
    acknowledgedItems: 0,
    lostEvents: 0,
    duplicatedEvents: 0,
    unacknowledgedStored: 0,
    itemsWrong: 0,
    failures: [],
  };
  const ledger = new Ledger();
  // Events in the store the ledger cannot account for (once reported, the new baseline).
  let drift = 0;
  let itemsCursor = 0;
  // Requests that never complete cost the server's timeout each: a few per run are enough.
  const maxSlow = Math.max(1, Math.floor(o.seconds / 8));
  let slowUsed = 0;
  let phase: 'search' | 'shrink' | 'replay' = 'search';

  async function send(c: FuzzCase): Promise<Answer> {
    const body = bodyBytes(c);
    if (!c.wire) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<Answer>((resolve) => {
        timer = setTimeout(() => resolve({ status: 0, headers: {}, body: '', timedOut: true }), HANG_MS);
      });
      try {
        const answer = app
          .inject({
            method: c.method as 'GET',
            url: c.url,
            headers: c.headers,
            ...(body.length || c.body !== undefined ? { payload: body } : {}),
          })
          .then(
            (res): Answer => ({
              status: res.statusCode,
              headers: res.headers,
              body: res.body,
              timedOut: false,
            }),
          );
        return await Promise.race([answer, late]);
      } catch {
        // inject refuses some requests client-side (a URL or header it cannot build): the
        // socket sends them as they are.
      } finally {
        clearTimeout(timer);
      }
    }
    report.viaSocket++;
    const a = await exchange(port, toBytes(c.wire ? c : { ...c, wire: { m: 'as-is' } }), {
      timeoutMs: HANG_MS,
      head: wireMethod(c) === 'HEAD',
    });
    return a;
  }

  /** Sends one case and returns what the oracle found wrong. */
  async function runCase(c: FuzzCase): Promise<Violation[]> {
    if (isSlow(c) && phase === 'search') {
      if (slowUsed >= maxSlow) {
        report.slowSkipped++;
        return [];
      }
      slowUsed++;
    }
    trace = { handlers: [], changes: [], adminCalls: 0 };
    const t0 = performance.now();
    const a = await send(c);
    bump(
      report.msByKind,
      c.wire && c.wire.m !== 'as-is' ? `wire:${c.wire.m}` : c.kind,
      performance.now() - t0,
    );
    const t = trace;
    if (phase === 'search') report.requests++;
    else report.shrinkRequests++;
    bump(report.byRoute, c.op);
    bump(report.byKind, c.wire && c.wire.m !== 'as-is' ? `wire:${c.wire.m}` : c.kind);
    if (c.invalid) report.invalidSent++;
    const out: Violation[] = [];
    const method = wireMethod(c);
    if (a.timedOut) {
      report.hangs++;
      return [{ oracle: 'hang', detail: `no complete answer within ${HANG_MS} ms` }];
    }
    bump(report.byStatus, String(a.status));
    // Node closes a CONNECT it has no 'connect' listener for, without an answer: documented.
    if (a.status === 0 && method !== 'CONNECT') {
      report.noAnswer++;
      out.push({ oracle: 'no-answer', detail: 'the connection closed without an HTTP answer' });
    }
    if (a.status >= 500) {
      report.fiveXx++;
      out.push({ oracle: '5xx', detail: `${a.status} ${a.body.slice(0, 300)}` });
    }
    if (a.status >= 400 && method !== 'HEAD') {
      const problem = errorShapeProblem(a);
      if (problem) {
        report.errorShape++;
        out.push({ oracle: 'error-shape', detail: `${a.status} not in the error shape: ${problem}` });
      } else if (a.status < 500) bump(report.fourXxByCode, `${a.status} ${JSON.parse(a.body).error.code}`);
    }
    const ok = a.status >= 200 && a.status < 300;
    if (ok) bump(report.acceptedByRoute, c.op);
    if (ok && c.invalid) {
      report.acceptedInvalid++;
      out.push({ oracle: 'accepted-invalid', detail: `${a.status} for a request with ${c.invalid}` });
    }
    const batchHandled = t.handlers[0] && `${t.handlers[0].method} ${t.handlers[0].url}` === BATCH_ROUTE;
    if (ok && batchHandled) out.push(...batchInPlace(c, a.body));
    if (a.body.includes(LEAK_MARKER))
      out.push({ oracle: 'file-leak', detail: 'the answer holds package.json' });
    for (const h of t.handlers) {
      const op = api.ops.find((x) => x.method === h.method && x.path === h.url.replace(/:(\w+)/g, '{$1}'));
      const access = (h.access ?? op?.access ?? 'client') as 'open' | 'client' | 'admin';
      if (!sufficient(access, c.credential, env.roles)) {
        report.authBypass++;
        out.push({
          oracle: 'auth-bypass',
          detail: `the ${access} handler of ${h.method} ${h.url} ran with a ${c.credential} key`,
        });
      }
    }
    if (t.adminCalls > 0 && !sufficient('admin', c.credential, env.roles)) {
      report.authBypass++;
      out.push({ oracle: 'auth-bypass', detail: `an admin action ran with a ${c.credential} key` });
    }
    const handled = t.handlers[0];
    const handledOp = handled && `${handled.method} ${handled.url.replace(/:(\w+)/g, '{$1}')}`;
    if (ok && handledOp && method !== 'HEAD') {
      const validate = env.responseValidators.get(`${handledOp} ${a.status}`);
      let json: unknown;
      try {
        json = JSON.parse(a.body);
      } catch {
        json = undefined;
      }
      if (validate && !validate(json))
        out.push({
          oracle: 'response-schema',
          detail: `${a.status} body against its schema: ${validate.errors?.[0]?.instancePath} ${validate.errors?.[0]?.message}`,
        });
    }
    if (!ok && t.changes.length) {
      report.storeChangedByRefusal++;
      out.push({ oracle: 'store-changed-by-refusal', detail: `${a.status}, yet ${t.changes.join('; ')}` });
    }
    // The ledger: what a 202 of a storing route acknowledged, and whether its counts add up.
    if (a.status === 202 && (handledOp === EVENTS_ROUTE || handledOp === ITEMS_ROUTE)) {
      const sent = effectiveJson(c);
      if (sent === undefined)
        out.push({ oracle: 'ack-mismatch', detail: 'a 202 for a body the ledger cannot read' });
      else {
        const expected = handledOp === EVENTS_ROUTE ? ledger.events202(sent) : ledger.items202(sent);
        let got: unknown;
        try {
          got = JSON.parse(a.body);
        } catch {
          got = a.body;
        }
        const fields = Object.keys(expected) as (keyof typeof expected)[];
        if (fields.some((f) => (got as Record<string, unknown>)?.[f] !== expected[f]))
          out.push({
            oracle: 'ack-mismatch',
            detail: `answered ${a.body.slice(0, 100)}, the ledger expects ${JSON.stringify(expected)}`,
          });
      }
    }
    // Cheap store checks after anything that could write: the event count against the ledger,
    // and items first stored since the last look.
    if (c.method === 'POST' || t.changes.length) {
      const n = await store.count();
      const since = await store.itemsSince(itemsCursor);
      itemsCursor = since.cursor;
      const fresh = since.items.filter((it) => !ledger.items.has(it.itemId));
      if (n !== ledger.total + drift || fresh.length) {
        out.push({
          oracle: 'store-drift',
          detail: `store holds ${n} events, the ledger ${ledger.total + drift}; ${fresh.length} unacknowledged new items`,
        });
        drift = n - ledger.total;
      }
    }
    return out;
  }

  /** A batch's 200: every entry whose text breaks the rules was answered 4xx in place. */
  function batchInPlace(c: FuzzCase, answer: string): Violation[] {
    let results: { status?: number }[] = [];
    try {
      results = (JSON.parse(answer) as { results?: { status?: number }[] }).results ?? [];
    } catch {
      return [];
    }
    return batchEntryFaults(effectiveJson(c))
      .filter(({ index }) => !((results[index]?.status ?? 0) >= 400))
      .map(({ index, fault }) => ({
        oracle: 'accepted-invalid' as const,
        detail: `batch user ${index} answered ${results[index]?.status} with ${fault}`,
      }));
  }

  /** The body as the server received it, parsed as the server would (for the ledger). */
  function effectiveJson(c: FuzzCase): unknown {
    let b = bodyBytes(c);
    if (c.wire?.m === 'cl-short') b = b.subarray(0, Math.max(0, b.length - c.wire.by));
    try {
      return JSON.parse(b.toString('utf8').replace(/^\ufeff/, ''));
    } catch {
      return undefined;
    }
  }

  const known = new Set<string>();
  const byGroup = new Map<string, { n: number }>();
  let last: { c: FuzzCase; v: Violation[] } | undefined;
  const arbitrary = caseArbitrary(env, KEYS);
  const property = fc.asyncProperty(arbitrary, async (c) => {
    const v = await runCase(c);
    for (const x of v) {
      const g = groupOf(x, c);
      const entry = byGroup.get(g) ?? { n: 0 };
      entry.n++;
      byGroup.set(g, entry);
    }
    const fresh = v.filter((x) => !known.has(groupOf(x, c)));
    if (fresh.length === 0) return true;
    last = { c, v: fresh };
    return false;
  });

  if (o.replay) {
    phase = 'replay';
    const [seed, path] = o.replay.split(/:(.*)/s);
    await fc.check(property, {
      seed: Number(seed),
      path,
      numRuns: 1,
      endOnFailure: true,
      examples: [],
    });
    const c = last?.c;
    if (last)
      for (const v of last.v)
        report.failures.push({
          group: groupOf(v, last.c),
          oracle: v.oracle,
          op: last.c.op,
          kind: last.c.kind,
          detail: v.detail,
          occurrences: 1,
          counterexample: last.c,
          replay: `npm run fuzz -- --replay '${o.replay}'`,
          reproduction: reproduce(last.c),
          report: '',
        });
    log(
      c
        ? `replayed: ${JSON.stringify(c)}\n${last?.v.map((x) => `  ${x.oracle}: ${x.detail}`).join('\n')}`
        : 'replayed: no failure',
    );
  } else {
    const deadline = started + o.seconds * 1000;
    const shrinkMs = o.shrinkMs ?? 5000;
    let shrinkLeft = 20_000;
    for (let sub = 0; Date.now() < deadline && known.size < 200; sub++) {
      const seed = o.seed + sub;
      phase = 'search';
      last = undefined;
      const found = await fc.check(property, {
        seed,
        numRuns: Number.MAX_SAFE_INTEGER,
        endOnFailure: true,
        plugins: [fc.interruptAfterTimeLimit(Math.max(1, deadline - Date.now()))],
      });
      if (!found.failed || !last) break;
      const first = last as { c: FuzzCase; v: Violation[] };
      // Shrink from where the search stopped (fast-check replays its path and shrinks on).
      phase = 'shrink';
      const budget = Math.max(0, Math.min(shrinkMs, shrinkLeft));
      const t0 = Date.now();
      const shrunk =
        budget > 0 && found.counterexamplePath
          ? await fc.check(property, {
              seed,
              path: found.counterexamplePath,
              numRuns: Number.MAX_SAFE_INTEGER,
              plugins: [fc.interruptAfterTimeLimit(budget)],
            })
          : found;
      shrinkLeft -= Date.now() - t0;
      // An interrupted shrink (a hang eats its budget) reports no counterexample: keep the search's.
      const usable = shrunk.failed && shrunk.counterexample !== null && shrunk.counterexamplePath !== null;
      const best = usable && last ? (last as { c: FuzzCase; v: Violation[] }) : first;
      const result = usable ? shrunk : found;
      const message = fc.defaultReportMessage(result) ?? '';
      for (const v of best.v) {
        const group = groupOf(v, best.c);
        if (known.has(group)) continue;
        known.add(group);
        report.failures.push({
          group,
          oracle: v.oracle,
          op: best.c.op,
          kind: best.c.kind,
          detail: v.detail,
          occurrences: 0,
          counterexample: best.c,
          replay: `npm run fuzz -- --replay '${seed}:${result.counterexamplePath}'`,
          reproduction: reproduce(best.c),
          report: message.length > 3000 ? `${message.slice(0, 3000)} ...` : message,
        });
      }
    }
  }
  for (const f of report.failures) f.occurrences = byGroup.get(f.group)?.n ?? 1;

  // The end: close the app (and the store), reopen the file, and hold it to the ledger.
  await app.close();
  const reopened = openSqliteStore(dbPath);
  const actual = new Map<string, number>();
  const ids = new Map<string, number>();
  let storedEvents = 0;
  for await (const e of reopened.all()) {
    storedEvents++;
    actual.set(eventKey(e), (actual.get(eventKey(e)) ?? 0) + 1);
    if (e.eventId !== undefined) ids.set(e.eventId, (ids.get(e.eventId) ?? 0) + 1);
  }
  const expected = ledger.events;
  for (const [k, n] of Object.entries(expected)) {
    const got = actual.get(k) ?? 0;
    if (got < n) report.lostEvents += n - got;
  }
  for (const [k, got] of actual) {
    const n = expected[k] ?? 0;
    if (got > n) report.unacknowledgedStored += got - n;
  }
  for (const id of ledger.eventIds) if ((ids.get(id) ?? 0) > 1) report.duplicatedEvents++;
  const storedItems = new Map((await reopened.items()).map((it) => [it.itemId, it]));
  for (const [id, it] of ledger.items)
    if (canonical(storedItems.get(id)) !== canonical(it)) report.itemsWrong++;
  for (const id of storedItems.keys()) if (!ledger.items.has(id)) report.itemsWrong++;
  report.acknowledgedEvents = ledger.total;
  report.acknowledgedItems = ledger.items.size;
  await reopened.close();
  rmSync(dir, { recursive: true, force: true });
  report.elapsedMs = Date.now() - started;
  // Same multiset, same count; a difference the keys cannot explain still fails the run.
  if (storedEvents !== ledger.total && report.lostEvents + report.unacknowledgedStored === 0)
    report.unacknowledgedStored = Math.abs(storedEvents - ledger.total);
  return report;
}

export function ok(r: FuzzReport): boolean {
  return (
    r.failures.length === 0 &&
    r.lostEvents === 0 &&
    r.duplicatedEvents === 0 &&
    r.unacknowledgedStored === 0 &&
    r.itemsWrong === 0
  );
}

const table = (title: string, rows: [string, string | number][]) =>
  [`| ${title} | |`, '|---|---:|', ...rows.map(([k, v]) => `| ${k} | ${v} |`), ''].join('\n');
const sorted = (m: Record<string, number>): [string, number][] =>
  Object.entries(m).sort(([a], [b]) => a.localeCompare(b));

export function printReport(r: FuzzReport, log: (line: string) => void): void {
  log(
    table('measure', [
      ['seed', r.seed],
      ['time budget (s)', r.seconds],
      ['elapsed (s)', (r.elapsedMs / 1000).toFixed(1)],
      ['admin role', r.adminRole ? 'yes' : 'no'],
      ['requests tried', r.requests],
      ['  of them broken on purpose', r.invalidSent],
      ['  through a socket', r.viaSocket],
      ['  shrinking (extra)', r.shrinkRequests],
      ['  slow ones skipped (budget)', r.slowSkipped],
      ['5xx', r.fiveXx],
      ['hangs', r.hangs],
      ['closed without an answer', r.noAnswer],
      ['broken requests accepted', r.acceptedInvalid],
      ['answers outside the error shape', r.errorShape],
      ['handlers reached without their key', r.authBypass],
      ['store changes by refused requests', r.storeChangedByRefusal],
      ['events acknowledged', r.acknowledgedEvents],
      ['events lost', r.lostEvents],
      ['events stored twice', r.duplicatedEvents],
      ['events stored, never acknowledged', r.unacknowledgedStored],
      ['items acknowledged', r.acknowledgedItems],
      ['items wrong or unacknowledged', r.itemsWrong],
    ]),
  );
  log(table('status', sorted(r.byStatus)));
  log(table('4xx code', sorted(r.fourXxByCode)));
  log(
    table(
      'route',
      sorted(r.byRoute).map(([k, v]) => [k, `${v} (${r.acceptedByRoute[k] ?? 0} 2xx)`]),
    ),
  );
  log(
    table(
      'kind',
      sorted(r.byKind).map(([k, v]) => [k, `${v} (${Math.round(r.msByKind[k] ?? 0)} ms)`]),
    ),
  );
  for (const f of r.failures) {
    log(
      `FAILURE ${f.group} (${f.occurrences} times)\n  ${f.detail}\n  replay: ${f.replay}\n  reproduce: ${f.reproduction}\n${f.report.replace(/^/gm, '  ')}\n`,
    );
  }
  log(ok(r) ? 'fuzz: OK' : `fuzz: ${r.failures.length} kinds of failure`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string' },
      seed: { type: 'string' },
      replay: { type: 'string' },
      report: { type: 'string' },
    },
  });
  const seconds = Number(values.seconds ?? process.env.FUZZ_SECONDS ?? 30);
  const seed = Number(values.seed ?? process.env.FUZZ_SEED ?? 42);
  if (!(seconds > 0) || !Number.isInteger(seed)) {
    process.stderr.write(
      'usage: npm run fuzz -- [--seconds N] [--seed N] [--replay SEED:PATH] [--report FILE]\n',
    );
    process.exit(2);
  }
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const r = await runFuzz({ seconds, seed, replay: values.replay, log });
  if (!values.replay) {
    printReport(r, log);
    const file = values.report ?? 'reports/fuzz.json';
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(r, null, 2)}\n`);
  }
  process.exit(ok(r) ? 0 : 1);
}
