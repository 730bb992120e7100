import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateWorld } from '../data/demo/world.ts';
import { writeDataset } from '../data/loaders/jsonl.ts';
import { ConfigError } from '../errors.ts';

export const GENERATE_USAGE = `reco generate --out DIR [--seed N] [--scale S] [--context-effects]

Writes a deterministic demo world to DIR: items.jsonl, users.jsonl, events.jsonl and world.json
(the generator's ground truth). The same --seed (default 42) gives the same world; --scale
(default 1) multiplies its size; --context-effects plants the context effect (commuters: short
items on mobile mornings, long ones on TV evenings; docs/data-format.md).`;

/** `reco generate --out DIR [--seed N] [--scale S] [--context-effects]`: writes a deterministic demo world. */
export async function runGenerate(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      out: { type: 'string' },
      seed: { type: 'string' },
      scale: { type: 'string' },
      'context-effects': { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.out) throw new ConfigError('--out DIR is required');
  const seed = Number(values.seed ?? 42);
  const scale = Number(values.scale ?? 1);
  if (!Number.isInteger(seed)) throw new ConfigError(`--seed: expected an integer, got "${values.seed}"`);
  if (!(scale > 0) || !Number.isFinite(scale))
    throw new ConfigError(`--scale: expected a positive number, got "${values.scale}"`);
  const t0 = performance.now();
  const world = generateWorld({ seed, scale, context: values['context-effects'] });
  await writeDataset(values.out, world);
  process.stderr.write(
    `wrote ${world.items.length} items, ${world.users.length} users, ${world.events.length} events to ${values.out} ` +
      `in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
  );
}

/** Generates the default demo world into `dir` unless it is already there. */
export async function ensureDemoData(
  dir: string,
  opts: { seed?: number; scale?: number } = {},
): Promise<{ generated: boolean }> {
  if (existsSync(join(dir, 'items.jsonl'))) return { generated: false };
  await writeDataset(dir, generateWorld(opts));
  return { generated: true };
}
