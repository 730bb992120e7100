import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { generateWorld } from '../../../src/data/demo/world.ts';
import { eachEvent, readEventColumns } from '../../../src/data/loaders/event-columns.ts';
import { readDataset, writeDataset } from '../../../src/data/loaders/jsonl.ts';

test('the column loader yields exactly the events the array loader reads, in the same order (eventIds aside)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reco-columns-'));
  try {
    await writeDataset(dir, generateWorld({ seed: 3, scale: 0.2 }));
    const old = (await readDataset(dir)).events.map(({ eventId: _, ...e }) => e);
    const cols = await readEventColumns(join(dir, 'events.jsonl'));
    assert.equal(cols.size, old.length);
    assert.deepEqual([...eachEvent(cols)], old);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('out-of-order lines come out in time order, ties in file order; searches are left out', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reco-columns-'));
  const path = join(dir, 'events.jsonl');
  const lines = [
    { userId: 'u1', itemId: 'b', type: 'watch', timestamp: 20, watchTime: 3.25 },
    { userId: 2, itemId: 'a', type: 'impression', timestamp: 10, context: { device: 'tv' } },
    { userId: 'u1', type: 'search', query: 'cats', timestamp: 5 },
    { userId: 'u1', itemId: 'a', type: 'skip', timestamp: 10 },
  ];
  writeFileSync(path, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n\n`);
  try {
    const cols = await readEventColumns(path);
    assert.deepEqual(
      [...eachEvent(cols)],
      [
        { userId: '2', itemId: 'a', type: 'impression', timestamp: 10, context: { device: 'tv' } },
        { userId: 'u1', itemId: 'a', type: 'skip', timestamp: 10 },
        { userId: 'u1', itemId: 'b', type: 'watch', timestamp: 20, watchTime: 3.25 },
      ],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a bad line fails with its file and line number', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reco-columns-'));
  const path = join(dir, 'events.jsonl');
  writeFileSync(
    path,
    '{"userId":"u","itemId":"i","type":"watch","timestamp":1}\n{"userId":"u","type":"poke"}\n',
  );
  try {
    await assert.rejects(readEventColumns(path), (e: Error & { details?: unknown }) =>
      JSON.stringify(e.details ?? e.message).includes('2'),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
