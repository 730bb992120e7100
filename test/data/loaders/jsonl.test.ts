import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { generateWorld } from '../../../src/data/demo/world.ts';
import { readDataset, writeDataset } from '../../../src/data/loaders/jsonl.ts';

const root = mkdtempSync(join(tmpdir(), 'reco-jsonl-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('write then read gives the same world', async () => {
  const w = generateWorld({ seed: 9, scale: 0.05 });
  await writeDataset(join(root, 'w'), w);
  const d = await readDataset(join(root, 'w'));
  assert.deepEqual(d.items, w.items);
  assert.deepEqual(d.users, w.users);
  assert.deepEqual([...d.events], w.events);
  assert.deepEqual(d.truth, w.truth);
});

test('integer ids and ISO timestamps are accepted; events are sorted; users optional', async () => {
  const dir = join(root, 'ints');
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'items.jsonl'),
    '{"itemId":7,"topic":"t","tags":[],"durationSec":60,"publishedAt":"2026-01-01T00:00:00Z"}\n\n',
  );
  writeFileSync(
    join(dir, 'events.jsonl'),
    '{"userId":1,"itemId":7,"type":"watch","watchTime":30,"timestamp":"2026-02-01T00:00:00Z"}\n{"userId":1,"itemId":7,"type":"impression","timestamp":1769000000000}\n',
  );
  const d = await readDataset(dir);
  assert.equal(d.items[0].itemId, '7');
  assert.equal(d.items[0].publishedAt, Date.parse('2026-01-01T00:00:00Z'));
  assert.deepEqual(d.users, []);
  assert.deepEqual(
    [...d.events].map((e) => e.type),
    ['impression', 'watch'],
  );
  assert.equal([...d.events][1].userId, '1');
});

test('a bad line names its file and line number', async () => {
  const dir = join(root, 'bad');
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'items.jsonl'),
    '{"itemId":"a","topic":"t","tags":[],"durationSec":60,"publishedAt":0}\n',
  );
  writeFileSync(
    join(dir, 'events.jsonl'),
    '{"userId":"u","itemId":"a","type":"watch","timestamp":1}\n{"userId":"u","itemId":"a","type":"buy","timestamp":2}\n',
  );
  await assert.rejects(readDataset(dir), /events\.jsonl:2: "type": expected one of/);
  writeFileSync(join(dir, 'events.jsonl'), 'not json\n');
  await assert.rejects(readDataset(dir), /events\.jsonl:1:/);
  // A DATA_INVALID error: `reco train` prints its message on one line and exits 2.
  await assert.rejects(readDataset(dir), { name: 'RecoError', code: 'DATA_INVALID' });
  await assert.rejects(readDataset(join(root, 'nowhere')), {
    code: 'DATA_INVALID',
    message: /nowhere: not a reco data directory/,
  });
});

test('an item may name its provider; a provider that is not a non-empty string is a bad line', async () => {
  const dir = join(root, 'providers');
  mkdirSync(dir);
  const events = '{"userId":"u","itemId":"a","type":"watch","timestamp":1}\n';
  writeFileSync(join(dir, 'events.jsonl'), events);
  writeFileSync(
    join(dir, 'items.jsonl'),
    '{"itemId":"a","topic":"t","tags":[],"durationSec":60,"publishedAt":0,"provider":"studio 1"}\n' +
      '{"itemId":"b","topic":"t","tags":[],"durationSec":60,"publishedAt":0}\n',
  );
  const d = await readDataset(dir);
  assert.equal(d.items[0].provider, 'studio 1');
  assert.equal('provider' in d.items[1], false);
  for (const bad of ['""', '7', 'null']) {
    writeFileSync(
      join(dir, 'items.jsonl'),
      `{"itemId":"a","topic":"t","tags":[],"durationSec":60,"publishedAt":0,"provider":${bad}}\n`,
    );
    await assert.rejects(readDataset(dir), /items\.jsonl:1: "provider": expected a non-empty string/);
  }
});

test('a generated world writes searches.jsonl and reads it back; the other files are as before', async () => {
  const w = generateWorld({ seed: 9, scale: 0.05 });
  await writeDataset(join(root, 'ws'), w);
  const d = await readDataset(join(root, 'ws'));
  assert.ok((d.searches?.length ?? 0) > 0);
  for (const s of d.searches ?? []) assert.equal(s.type, 'search');
  assert.deepEqual([...d.events], w.events, 'no search among the item events');
});

test('search lines in events.jsonl and searches.jsonl become searches; a bad search line fails', async () => {
  const dir = join(root, 'searches');
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'items.jsonl'),
    '{"itemId":"i1","topic":"t","tags":[],"durationSec":60,"publishedAt":0}\n',
  );
  writeFileSync(
    join(dir, 'events.jsonl'),
    '{"userId":"u","itemId":"i1","type":"watch","timestamp":5}\n' +
      '{"userId":3,"type":"search","query":"noir films","timestamp":9,"eventId":"s1","context":{"device":"tv"}}\n',
  );
  writeFileSync(
    join(dir, 'searches.jsonl'),
    '{"userId":"u","type":"search","query":"jazz","timestamp":"1970-01-01T00:00:00.001Z"}\n',
  );
  const d = await readDataset(dir);
  assert.equal(d.events.length, 1);
  assert.deepEqual(d.searches, [
    { userId: 'u', type: 'search', query: 'jazz', timestamp: 1 },
    {
      userId: '3',
      type: 'search',
      query: 'noir films',
      timestamp: 9,
      eventId: 's1',
      context: { device: 'tv' },
    },
  ]);
  writeFileSync(join(dir, 'searches.jsonl'), '{"userId":"u","type":"search","query":"  ","timestamp":1}\n');
  await assert.rejects(readDataset(dir), /searches\.jsonl:1: "query": expected a non-blank string/);
  writeFileSync(join(dir, 'searches.jsonl'), '{"userId":"u","type":"watch","itemId":"i1","timestamp":1}\n');
  await assert.rejects(readDataset(dir), /searches\.jsonl:1: "type": expected "search"/);
});
