import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ensureDemoData, GENERATE_USAGE, runGenerate } from '../../src/cli/generate.ts';
import { generateWorld } from '../../src/data/demo/world.ts';
import { readDataset } from '../../src/data/loaders/jsonl.ts';
import { capture, failure } from '../helpers/cli-output.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const root = tempDir('reco-cli-generate-');
let n = 0;
const fresh = () => join(root, `d${n++}`);
const lines = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8').trim().split('\n').length;

test('reco generate writes the world of its seed and scale, and says how much it wrote', async () => {
  const out = fresh();
  const c = await capture(() => runGenerate(['--out', out, '--seed', '5', '--scale', '0.02']));
  assert.equal(c.error, undefined);
  assert.deepEqual(readdirSync(out).sort(), [
    'events.jsonl',
    'items.jsonl',
    'searches.jsonl',
    'users.jsonl',
    'world.json',
  ]);
  const world = generateWorld({ seed: 5, scale: 0.02 });
  assert.equal(lines(out, 'items.jsonl'), world.items.length);
  assert.equal(lines(out, 'users.jsonl'), world.users.length);
  assert.equal(lines(out, 'events.jsonl'), world.events.length);
  assert.match(
    c.stderr,
    new RegExp(
      `^wrote ${world.items.length} items, ${world.users.length} users, ${world.events.length} events to ${out} in \\d+\\.\\d s\\n$`,
    ),
  );
  assert.equal(c.stdout, '', 'nothing on stdout');
  const read = await readDataset(out);
  assert.deepEqual(
    read.items.map((i) => i.itemId),
    world.items.map((i) => i.itemId),
  );
});

test('the same seed gives the same files; another seed another world', async () => {
  const [a, b, other] = [fresh(), fresh(), fresh()];
  for (const [dir, seed] of [
    [a, '9'],
    [b, '9'],
    [other, '10'],
  ]) {
    await capture(() => runGenerate(['--out', dir, '--seed', seed, '--scale', '0.02']));
  }
  for (const f of ['items.jsonl', 'users.jsonl', 'events.jsonl', 'searches.jsonl', 'world.json'])
    assert.equal(readFileSync(join(a, f), 'utf8'), readFileSync(join(b, f), 'utf8'), f);
  assert.notEqual(
    readFileSync(join(a, 'events.jsonl'), 'utf8'),
    readFileSync(join(other, 'events.jsonl'), 'utf8'),
  );
});

test('--context-effects writes the context world of the same seed', async () => {
  const out = fresh();
  await capture(() => runGenerate(['--out', out, '--seed', '5', '--scale', '0.02', '--context-effects']));
  const world = generateWorld({ seed: 5, scale: 0.02, context: true });
  assert.equal(lines(out, 'events.jsonl'), world.events.length);
  const read = await readDataset(out);
  assert.deepEqual(
    [...read.events].map((e) => e.timestamp),
    world.events.map((e) => e.timestamp),
  );
});

test('--scale multiplies the size of the world', async () => {
  const [small, large] = [fresh(), fresh()];
  await capture(() => runGenerate(['--out', small, '--seed', '1', '--scale', '0.02']));
  await capture(() => runGenerate(['--out', large, '--seed', '1', '--scale', '0.06']));
  assert.ok(lines(large, 'users.jsonl') > lines(small, 'users.jsonl'));
  assert.ok(lines(large, 'events.jsonl') > lines(small, 'events.jsonl'));
});

test('bad flags: ConfigErrors naming the flag, and nothing written', async () => {
  const out = fresh();
  const cases: [string[], RegExp][] = [
    [[], /^--out DIR is required$/],
    [['--out', out, '--seed', '1.5'], /^--seed: expected an integer, got "1\.5"$/],
    [['--out', out, '--seed', 'x'], /^--seed: expected an integer, got "x"$/],
    [['--out', out, '--scale', '0'], /^--scale: expected a positive number, got "0"$/],
    [['--out', out, '--scale=-1'], /--scale: expected a positive number/],
    [['--out', out, '--scale', 'Infinity'], /--scale: expected a positive number, got "Infinity"/],
    [['--out', out, '--scale', 'big'], /--scale: expected a positive number, got "big"/],
  ];
  for (const [args, message] of cases) {
    const e = failure(await capture(() => runGenerate(args)));
    assert.equal(e.code, 'CONFIG_INVALID', args.join(' '));
    assert.match(e.message, message);
  }
  assert.equal(existsSync(out), false);
});

test('an unknown flag or a positional argument is a parse error', async () => {
  const unknown = failure(await capture(() => runGenerate(['--out', fresh(), '--sed', '1'])));
  assert.equal(unknown.code, 'ERR_PARSE_ARGS_UNKNOWN_OPTION');
  const positional = failure(await capture(() => runGenerate(['somewhere'])));
  assert.equal(positional.code, 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL');
});

test('ensureDemoData generates into a directory without items.jsonl, once', async () => {
  const dir = fresh();
  assert.deepEqual(await ensureDemoData(dir, { seed: 4, scale: 0.02 }), { generated: true });
  const events = readFileSync(join(dir, 'events.jsonl'), 'utf8');
  assert.equal(lines(dir, 'items.jsonl'), generateWorld({ seed: 4, scale: 0.02 }).items.length);
  assert.deepEqual(await ensureDemoData(dir, { seed: 99, scale: 0.05 }), { generated: false });
  assert.equal(readFileSync(join(dir, 'events.jsonl'), 'utf8'), events, 'left as it was');
});

test('ensureDemoData: an items.jsonl alone counts as data that is there', async () => {
  const dir = fresh();
  await ensureDemoData(join(dir, 'unused'), { scale: 0.02 });
  writeFileSync(join(dir, 'items.jsonl'), '');
  assert.deepEqual(await ensureDemoData(dir, { scale: 0.02 }), { generated: false });
  assert.deepEqual(readdirSync(dir).sort(), ['items.jsonl', 'unused']);
});

test('the usage names the command and its flags', () => {
  assert.match(GENERATE_USAGE, /^reco generate --out DIR \[--seed N\] \[--scale S\]/);
});
