// Summarises a V8 CPU profile (`node --cpu-prof`): self time per function (name, file:line),
// heaviest first, and the same grouped by file. Prints two tables and writes
// bench/results/profile-top.json. Usage: node --import tsx bench/profile-top.ts FILE.cpuprofile [top=25]
// Only samples after the first call of `fromFunction` (BENCH_PROFILE_FROM, default none) count,
// so start-up (module loading, wasm compilation) can be left out.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { printTable } from './stats.ts';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-top.ts FILE.cpuprofile [top]');
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const short = (url: string) =>
  url.replace(/^file:\/\//, '').replace(/^.*\/(node_modules|src|bench|native)\//, '$1/');
const label = (n: Node) =>
  `${n.callFrame.functionName || '(anonymous)'} ${short(n.callFrame.url)}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ''}`;
const selfUs = new Map<string, number>();
const fileUs = new Map<string, number>();
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const n = byId.get(profile.samples[i]);
  const dt = profile.timeDeltas[i] ?? 0;
  if (!n) continue;
  total += dt;
  selfUs.set(label(n), (selfUs.get(label(n)) ?? 0) + dt);
  const f = short(n.callFrame.url) || n.callFrame.functionName;
  fileUs.set(f, (fileUs.get(f) ?? 0) + dt);
}
const rows = (m: Map<string, number>, key: string) =>
  [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, us]) => ({
      [key]: k,
      self_ms: Math.round(us / 1000),
      share: `${((100 * us) / total).toFixed(1)} %`,
    }));
const functions = rows(selfUs, 'function');
const files = rows(fileUs, 'file');
process.stdout.write(`${file}: ${(total / 1e6).toFixed(2)} s sampled\n`);
printTable(functions);
process.stdout.write('\n');
printTable(files);
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/profile-top.json',
  `${JSON.stringify({ file, totalMs: total / 1000, functions, files }, null, 2)}\n`,
);
