import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateWorld } from '../data/demo/world.ts';
import { streamWorld } from '../data/demo/world-stream.ts';
import { writeDataset } from '../data/loaders/jsonl.ts';
import { ConfigError } from '../errors.ts';

export const GENERATE_USAGE = `reco generate --out DIR [--seed N] [--scale S] [--users N] [--stream] [--context-effects]

Writes a deterministic demo world to DIR: items.jsonl, users.jsonl, events.jsonl and world.json
(the generator's ground truth). The same --seed (default 42) gives the same world; --scale
(default 1) multiplies its size; --context-effects plants the context effect (commuters: short
items on mobile mornings, long ones on TV evenings; docs/data-format.md). --users N sets the
number of users (default 1000·S^0.6; ~46 events each); --stream writes the world as it is drawn,
never all in memory, events in generation order and no searches.jsonl (on by itself past 2M
events: 1M items and 10M events is --scale 2000 --users 220000).`;

/** `reco generate --out DIR [--seed N] [--scale S] [--context-effects]`: writes a deterministic demo world. */
export async function runGenerate(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      out: { type: 'string' },
      seed: { type: 'string' },
      scale: { type: 'string' },
      users: { type: 'string' },
      stream: { type: 'boolean', default: false },
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
  const users = values.users === undefined ? undefined : Number(values.users);
  if (users !== undefined && !(Number.isInteger(users) && users > 0))
    throw new ConfigError(`--users: expected a positive integer, got "${values.users}"`);
  const t0 = performance.now();
  const opts = { seed, scale, context: values['context-effects'], ...(users ? { users } : {}) };
  // ~46 events a user: past 2M events the objects alone would fill V8's default heap.
  const stream = values.stream || (users ?? 1000 * scale ** 0.6) * 46 > 2_000_000;
  const counts = stream ? await streamWorld(values.out, opts) : await writeWorld(values.out, opts);
  process.stderr.write(
    `wrote ${counts.items} items, ${counts.users} users, ${counts.events} events to ${values.out}` +
      `${stream ? ' (streamed)' : ''} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
  );
}

async function writeWorld(dir: string, opts: Parameters<typeof generateWorld>[0]) {
  const world = generateWorld(opts);
  await writeDataset(dir, world);
  return { items: world.items.length, users: world.users.length, events: world.events.length };
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
