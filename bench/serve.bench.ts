// HTTP load benchmark: the real server (`reco serve`, a child process) over loopback, driven by
// autocannon with a mix of recommendation requests (90 %) and event posts (10 %). Halfway
// through a second run, `models/current` is repointed at a copy of the bundle and POST
// /admin/reload swaps it in, so the bench also shows whether a hot reload costs errors. Needs a
// trained bundle (`npm start` or `reco train`). Prints a table and writes bench/results/serve.json.
// First, the yardstick (issue 18): GET k=10 for 50 users as fast as BENCH_RATIO_CONNECTIONS (32)
// go, on reco and on a bare fastify route (bench/bare-server.ts) in the same run, and their ratio;
// the 1,000 req/s phase runs BENCH_STEADY_RUNS (5) times and its median p99 is printed.
// BENCH_NODE_ARGS adds node flags to the server (e.g. `--cpu-prof --cpu-prof-dir=DIR`).
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
// @ts-expect-error autocannon ships no type declarations
import autocannon from 'autocannon';
import { pointCurrent } from '../src/bundle/write.ts';
import { median, printTable } from './stats.ts';

const modelsDir = process.env.RECO_MODEL_DIR ?? 'models';
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
// Server processes (`reco serve --workers`): one per core by default, as deployed on one host.
const workers = process.env.BENCH_WORKERS ?? 'auto';
/** The request rate the latency phases hold (the service's target on this machine). */
const rate = Number(process.env.BENCH_RATE ?? 1000);
const ratioConnections = Number(process.env.BENCH_RATIO_CONNECTIONS ?? 32);
const steadyRuns = Number(process.env.BENCH_STEADY_RUNS ?? 5);
const steadySeconds = Number(process.env.BENCH_STEADY_SECONDS ?? 5);
const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
const port = 40_000 + Math.floor(Math.random() * 20_000);
const base = `http://127.0.0.1:${port}`;
const bareBase = `http://127.0.0.1:${port + 1}`;

if (!existsSync(join(modelsDir, 'current'))) {
  process.stderr.write(`no bundle in ${modelsDir}/current: run \`npm start\` (or \`reco train\`) first\n`);
  process.exit(2);
}
// Work on a copy of the models directory, so the benchmark never repoints the user's `current`.
const work = mkdtempSync(join(tmpdir(), 'reco-load-'));
const current = realpathSync(join(modelsDir, 'current'));
const v1 = basename(current);
cpSync(current, join(work, v1), { recursive: true });
cpSync(current, join(work, `${v1}-copy`), { recursive: true });
await pointCurrent(work, v1);
const users = (JSON.parse(readFileSync(join(current, 'users.json'), 'utf8')) as { userId: string }[]).map(
  (u) => u.userId,
);
const items = (
  JSON.parse(readFileSync(join(current, 'vocab.json'), 'utf8')) as { items: string[] }
).items.slice(1);

const server = spawn(
  process.execPath,
  [
    ...nodeArgs,
    'bin/reco.js',
    'serve',
    '--model',
    work,
    '--db',
    join(work, 'events.sqlite'),
    '--port',
    String(port),
    '--workers',
    workers,
    '--reload-interval',
    '0',
    '--log-level',
    'warn',
  ],
  { stdio: ['ignore', 'inherit', 'inherit'] },
);
// Ready when every worker serves a bundle (the cluster's summed reco_ready gauge).
const expected = workers === 'auto' ? availableParallelism() : Number(workers);
for (let i = 0; ; i++) {
  const ready = await fetch(`${base}/metrics`).then(
    async (r) => (r.ok ? Number(/^reco_ready (\S+)$/m.exec(await r.text())?.[1] ?? 0) : 0),
    () => 0,
  );
  if (ready >= expected) break;
  if (i > 600) throw new Error('server not ready');
  await new Promise((r) => setTimeout(r, 100));
}
const bare = spawn(process.execPath, ['--import', 'tsx', 'bench/bare-server.ts', String(port + 1)], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise((r) => bare.stdout.once('data', r));

let n = 0;
const pick = <T>(a: T[]) => a[Math.floor(Math.random() * a.length)];
/** One autocannon run of `seconds`; `midway` runs halfway through it. */
async function drive(
  duration: number,
  opts: {
    rate?: number;
    midway?: () => Promise<void>;
    url?: string;
    connections?: number;
    /** GET only, for these users (the yardstick phases); else the 90/10 mix over every user. */
    getOnly?: string[];
  } = {},
): Promise<Record<string, any>> {
  const instance = autocannon({
    url: opts.url ?? base,
    connections: opts.connections ?? connections,
    duration,
    ...(opts.rate ? { overallRate: opts.rate } : {}),
    requests: [
      {
        setupRequest: (req: Record<string, unknown>) => {
          n++;
          if (opts.getOnly)
            return {
              ...req,
              method: 'GET',
              path: `/recommendations/${encodeURIComponent(pick(opts.getOnly))}?k=10`,
            };
          if (n % 10 === 0) {
            return {
              ...req,
              method: 'POST',
              path: '/events',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({
                userId: pick(users),
                itemId: pick(items),
                type: 'watch',
                watchTime: 30,
              }),
            };
          }
          return { ...req, method: 'GET', path: `/recommendations/${encodeURIComponent(pick(users))}?k=10` };
        },
      },
    ],
  });
  const { midway } = opts;
  if (midway) setTimeout(() => void midway(), (duration * 1000) / 2);
  return new Promise((resolve, reject) => instance.on('done', resolve).on('error', reject));
}

// Three phases after a short warm-up (JIT, kernels, every user's first store read; not counted):
// as fast as the connections go (the most it serves), at the target rate (the latency a client
// sees at that load), and at the target rate with a hot reload in the middle (every worker loads
// a bundle meanwhile: what it must not cause is errors).
await drive(3);
const fifty = users.slice(0, 50);
const yardstick = { connections: ratioConnections, getOnly: fifty };
await drive(2, { ...yardstick, url: bareBase });
const getOnly = await drive(seconds, yardstick);
const bareRun = await drive(seconds, { ...yardstick, url: bareBase });
bare.kill('SIGTERM');
const saturated = await drive(seconds);
const steadies: Record<string, any>[] = [];
for (let i = 0; i < steadyRuns; i++) steadies.push(await drive(steadySeconds, { rate }));
let reload: unknown;
const reloading = await drive(seconds, {
  rate,
  midway: async () => {
    await pointCurrent(work, `${v1}-copy`);
    const res = await fetch(`${base}/admin/reload`, { method: 'POST' });
    reload = { status: res.status, body: await res.json() };
  },
});
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
rmSync(work, { recursive: true, force: true });

const row = (phase: string, result: Record<string, any>, conns = connections) => ({
  phase,
  workers: phase.startsWith('bare') ? 1 : expected,
  connections: conns,
  seconds: result.duration ? Math.round(result.duration) : seconds,
  requests: result.requests.total,
  req_per_s: result.requests.average,
  p50_ms: result.latency.p50,
  p99_ms: result.latency.p99,
  max_ms: result.latency.max,
  errors: result.errors + result.timeouts + (result.non2xx ?? 0),
});
const p99s = steadies.map((r) => r.latency.p99 as number);
const steadyP99 = median(p99s);
const ratio = getOnly.requests.average / bareRun.requests.average;
const rows = [
  row('GET k=10, 50 users', getOnly, ratioConnections),
  row('bare fastify route', bareRun, ratioConnections),
  row('max throughput (mix)', saturated),
  ...steadies.map((r, i) => row(`${rate} req/s #${i + 1}`, r)),
  row(`${rate} req/s + reload`, reloading),
];
printTable(rows);
process.stdout.write(
  `ratio to the bare route: ${getOnly.requests.average.toFixed(0)} / ${bareRun.requests.average.toFixed(0)} req/s = ${ratio.toFixed(3)} (${expected} worker${expected > 1 ? 's' : ''})\n` +
    `${rate} req/s p99, median of ${steadyRuns} runs: ${steadyP99} ms (${p99s.join(' / ')})\n` +
    `hot reload mid-run: ${JSON.stringify(reload)}\n`,
);
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/serve.json',
  JSON.stringify(
    { rows, ratio, steadyP99, reload, mix: '90% GET /recommendations k=10, 10% POST /events' },
    null,
    2,
  ),
);
