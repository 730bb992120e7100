import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveConfig, settingFlags } from '../config/settings.ts';
import { DEFAULT_PIPELINE_CONFIG } from '../training/pipeline.ts';
import { ensureDemoData } from './generate.ts';
import { SERVE_FLAGS, serve } from './serve.ts';
import { train } from './train.ts';

export const DEMO_USAGE = `reco demo [--retrain] [--data DIR] [reco serve's flags]

What npm start runs: generates the demo world into DIR (default data/demo) if it is missing,
trains when it was just generated, --retrain is given or no bundle exists, then serves and
prints example requests.`;

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
  const cfg = resolveConfig(values);
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
  const app = await serve(cfg);
  const base = `http://localhost:${cfg.port}`;
  process.stderr.write(
    [
      '',
      `reco is ready after ${((performance.now() - t0) / 1000).toFixed(1)} s. Try:`,
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
  void app;
}
