import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { generateWorld } from '../../../src/data/demo/world.ts';
import { streamWorld } from '../../../src/data/demo/world-stream.ts';
import { readDataset, writeDataset } from '../../../src/data/loaders/jsonl.ts';

test('the streamed world reads back as the in-memory world: same items, users, events in the same order', async () => {
  const root = mkdtempSync(join(tmpdir(), 'reco-stream-'));
  try {
    const opts = { seed: 5, scale: 0.3, users: 120 };
    const counts = await streamWorld(join(root, 's'), opts);
    const world = generateWorld(opts);
    await writeDataset(join(root, 'w'), world);
    const [a, b] = await Promise.all([readDataset(join(root, 's')), readDataset(join(root, 'w'))]);
    assert.deepEqual(counts, { items: world.items.length, users: 120, events: world.events.length });
    assert.deepEqual(a.items, b.items);
    assert.deepEqual(a.users, b.users);
    assert.deepEqual([...a.events], [...b.events]);
    assert.deepEqual(a.truth, b.truth);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
