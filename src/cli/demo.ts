import cluster from 'node:cluster';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Config, resolveConfig, settingFlags } from '../config/settings.ts';
import { superviseWorkers } from '../http/server.ts';
import { workerCount } from '../serving/cluster.ts';
import { DEFAULT_PIPELINE_CONFIG } from '../training/pipeline.ts';
import { ensureDemoData } from './generate.ts';
import { SERVE_FLAGS, serve } from './serve.ts';
import { train } from './train.ts';

export const DEMO_USAGE = `reco demo [--retrain] [--data DIR] [reco serve's flags]

What npm start runs: generates the demo world into DIR (default data/demo) if it is missing,
trains when it was just generated, --retrain is given or no bundle exists, then serves and
prints example requests. It serves with --workers auto (one process per core; one where one
core is seen) unless --workers or RECO_WORKERS says otherwise.`;

/**
 * The demo's --workers: a new user's first look at the service should use the machine's cores,
 * so `auto` (0: one per core, one where one core is seen) unless --workers or RECO_WORKERS
 * says otherwise, or the event store is in memory (workers need one they can share).
 */
export function demoWorkers(cfg: Pick<Config, 'workers' | 'dbPath' | 'databaseUrl'>, given: boolean): number {
  if (given) return cfg.workers;
  return cfg.dbPath === ':memory:' && !cfg.databaseUrl ? 1 : 0;
}

/**
 * `npm start`: the whole product on the built-in demo world. Generates the data if missing,
 * trains when no bundle exists yet for it, serves, and prints example requests.
 */
export async function runDemo(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { ...settingFlags([...SERVE_FLAGS, 'dataDir']), retrain: { type: 'boolean' } },
    strict: true,
  });
  const given = 'workers' in values || process.env.RECO_WORKERS !== undefined;
  const resolved = resolveConfig(values);
  const cfg = { ...resolved, workers: demoWorkers(resolved, given) };
  // A forked worker re-runs `reco demo`: the primary has made the data and the bundle already.
  if (cluster.isWorker) {
    await serve(cfg);
    return;
  }
  const t0 = performance.now();
  const { generated } = await ensureDemoData(cfg.dataDir);
  process.stderr.write(
    generated ? `demo data generated in ${cfg.dataDir}\n` : `using demo data in ${cfg.dataDir}\n`,
  );
  const manifest = await readFile(join(cfg.modelDir, 'current', 'manifest.json'), 'utf8').catch(
    () => undefined,
  );
  if (generated || values.retrain || !manifest) {
    await train({ dataDir: cfg.dataDir }, cfg.modelDir, DEFAULT_PIPELINE_CONFIG);
  } else {
    process.stderr.write(
      `using the existing bundle in ${cfg.modelDir}/current (pass --retrain to train again)\n`,
    );
  }
  const workers = workerCount(cfg.workers, availableParallelism());
  if (workers > 1) {
    printTry(cfg.port, `starting ${workers} workers (--workers 1 for one process)`, t0);
    if (await superviseWorkers(cfg)) process.exit(0);
    return;
  }
  await serve(cfg);
  printTry(cfg.port, 'ready', t0);
}

/** The example requests, once the server (or the cluster's primary) is up. */
function printTry(port: number, state: string, t0: number): void {
  const base = `http://localhost:${port}`;
  process.stderr.write(
    [
      '',
      `reco is ${state} after ${((performance.now() - t0) / 1000).toFixed(1)} s. Try:`,
      `  curl -s ${base}/recommendations/u1?k=5`,
      `  curl -s -X POST ${base}/events -H 'content-type: application/json' -d '{"userId":"u1","itemId":"i7","type":"watch","watchTime":120}'`,
      `  curl -s -X POST ${base}/events -H 'content-type: application/json' -d '{"userId":"u1","itemId":"i9","type":"dislike"}'`,
      `  curl -s -X POST ${base}/items -H 'content-type: application/json' -d '{"itemId":"new-1","topic":"t1","tags":["fresh"],"durationSec":300,"publishedAt":${Date.now()}}'`,
      `  curl -s ${base}/items/new-1/similar?k=5`,
      `  curl -s ${base}/readyz`,
      `  open ${base}/docs for the API reference`,
      '',
    ].join('\n'),
  );
}
