import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecoEvent } from '../types.ts';
import { withProviders } from './providers.ts';
import { DEMO_NOW, generateSessions, generateViewer, type WorldOptions, worldSetup } from './world.ts';

/**
 * The demo world written as it is drawn, a user at a time, for scales whose events do not fit
 * in memory as objects (1M items and 10M events: `reco generate --scale 2000 --users 220000`).
 * Same draws as generateWorld, so the same items, users and events; events.jsonl is in
 * generation order instead of time order (the loaders sort by time, stably, and generation order
 * is generateWorld's tie order, so what they read is the same), and no searches.jsonl.
 */
export async function streamWorld(
  dir: string,
  opts: WorldOptions,
): Promise<{ items: number; users: number; events: number }> {
  const { seed, scale, rng, topics, cat, tastes, effects, nUsers } = worldSetup(opts);
  await mkdir(dir, { recursive: true });
  const items = withProviders(cat.items, seed);
  await writeAll(join(dir, 'items.jsonl'), items);
  const users = createWriteStream(join(dir, 'users.jsonl'));
  const events = createWriteStream(join(dir, 'events.jsonl'));
  const userTopics: Record<string, string[]> = {};
  let count = 0;
  let pending: string[] = [];
  const push = (e: Omit<RecoEvent, 'eventId'>) => {
    count++;
    pending.push(JSON.stringify({ ...e, eventId: `e${count}` }));
  };
  for (let u = 0; u < nUsers; u++) {
    const viewer = generateViewer(rng, `u${u + 1}`, tastes);
    userTopics[viewer.user.userId] = viewer.prefs.map((t) => topics[t]);
    generateSessions(rng, cat, viewer, push, effects);
    await write(users, `${JSON.stringify(viewer.user)}\n`);
    if (pending.length > 5000 || u === nUsers - 1) {
      await write(events, `${pending.join('\n')}\n`);
      pending = [];
    }
  }
  await Promise.all([close(users), close(events)]);
  const meta = { seed, scale, generatedAt: DEMO_NOW, topics };
  await writeFile(join(dir, 'world.json'), JSON.stringify({ meta, truth: { userTopics } }));
  return { items: items.length, users: nUsers, events: count };
}

/** Writes with backpressure: waits for the stream to drain when its buffer is full. */
async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await new Promise<void>((r) => out.once('drain', () => r()));
}

function close(out: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

async function writeAll(path: string, rows: readonly unknown[]): Promise<void> {
  const out = createWriteStream(path);
  for (let i = 0; i < rows.length; i += 5000)
    await write(
      out,
      `${rows
        .slice(i, i + 5000)
        .map((r) => JSON.stringify(r))
        .join('\n')}\n`,
    );
  await close(out);
}
