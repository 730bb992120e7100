import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { generateWorld } from '../../../src/data/demo/world.ts';
import { eachEvent, readEventColumns } from '../../../src/data/loaders/event-columns.ts';
import { readDataset, writeDataset } from '../../../src/data/loaders/jsonl.ts';
import { parseEvent } from '../../../src/data/loaders/parse.ts';
import type { RecoEvent, SearchEvent } from '../../../src/data/types.ts';

test('the column loader yields exactly the events of the file, parsed one by one, in stable time order', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reco-columns-'));
  try {
    await writeDataset(dir, generateWorld({ seed: 3, scale: 0.2 }));
    const path = join(dir, 'events.jsonl');
    const parsed = readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => parseEvent(JSON.parse(l)))
      .filter((e): e is RecoEvent => e.type !== 'search');
    const expected = parsed
      .map((e, i) => [e, i] as const)
      .sort((a, b) => a[0].timestamp - b[0].timestamp || a[1] - b[1])
      .map(([e]) => e);
    const cols = await readEventColumns(path);
    assert.equal(cols.size, expected.length);
    assert.ok(
      expected.every((e) => e.eventId),
      'the demo gives every event an id, and the columns keep it',
    );
    assert.deepEqual([...eachEvent(cols)], expected);
    const data = await readDataset(dir);
    assert.equal(data.events.length, expected.length);
    assert.deepEqual([...data.events], expected, 'readDataset reads through the columns');
    assert.deepEqual([...data.events], expected, 'and a second pass yields the same');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('searches in events.jsonl go to onSearch; eventIds only where given; any number of context values', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reco-columns-'));
  const path = join(dir, 'events.jsonl');
  const lines = [
    { userId: 'u1', itemId: 'a', type: 'watch', timestamp: 1 },
    { userId: 'u1', type: 'search', query: 'cats', timestamp: 2, eventId: 's1' },
    ...Array.from({ length: 300 }, (_, i) => ({
      userId: 'u2',
      itemId: 'b',
      type: 'impression',
      timestamp: 3 + i,
      eventId: `e${i}`,
      context: { device: `d${i}`, country: `c${i}` },
    })),
  ];
  writeFileSync(path, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  try {
    const searches: SearchEvent[] = [];
    const cols = await readEventColumns(path, (s) => searches.push(s));
    assert.deepEqual(searches, [
      { userId: 'u1', type: 'search', query: 'cats', timestamp: 2, eventId: 's1' },
    ]);
    const events = [...eachEvent(cols)];
    assert.equal(events.length, 301);
    assert.equal(events[0].eventId, undefined, 'the first line has none');
    assert.deepEqual(events[300], {
      userId: 'u2',
      itemId: 'b',
      type: 'impression',
      timestamp: 302,
      eventId: 'e299',
      context: { device: 'd299', country: 'c299' },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('out-of-order lines come out in time order, ties in file order; searches are left out without onSearch', async () => {
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
