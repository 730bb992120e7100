import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { dataError, eachLine, LineError } from '../../../src/data/loaders/lines.ts';
import { isRecoError } from '../../../src/errors.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const root = tempDir('reco-lines-');

function file(name: string, text: string): string {
  const path = join(root, name);
  writeFileSync(path, text);
  return path;
}

async function lines(path: string, skipHeader = false): Promise<[string, number][]> {
  const seen: [string, number][] = [];
  await eachLine(path, 'utf8', (line, n) => seen.push([line, n]), skipHeader);
  return seen;
}

test('non-empty lines come with their 1-based numbers; blank ones are skipped but counted', async () => {
  const path = file('a.txt', 'one\n\n   \ntwo\nthree');
  assert.deepEqual(await lines(path), [
    ['one', 1],
    ['two', 4],
    ['three', 5],
  ]);
});

test('CRLF line ends are not part of the line', async () => {
  assert.deepEqual(await lines(file('crlf.txt', 'a\r\nb\r\n')), [
    ['a', 1],
    ['b', 2],
  ]);
});

test('skipHeader drops the first line only', async () => {
  const path = file('h.csv', 'id,name\n1,x\n2,y\n');
  assert.deepEqual(await lines(path, true), [
    ['1,x', 2],
    ['2,y', 3],
  ]);
  assert.equal((await lines(path)).length, 3);
});

test('the encoding is the one asked for', async () => {
  const path = join(root, 'latin1.txt');
  writeFileSync(path, Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
  assert.deepEqual(
    (await lines(path)).map(([s]) => s),
    ['caf\ufffd'],
  );
  const seen: string[] = [];
  await eachLine(path, 'latin1', (line) => seen.push(line));
  assert.deepEqual(seen, ['café']);
});

test('what the parser throws fails the read as DATA_INVALID naming file and line', async () => {
  const path = file('bad.jsonl', '{}\n{}\nnope\n{}\n');
  const parsed: number[] = [];
  await assert.rejects(
    eachLine(path, 'utf8', (line, n) => {
      if (line === 'nope') throw new LineError('not JSON');
      parsed.push(n);
    }),
    (e: unknown) => {
      assert.ok(isRecoError(e));
      assert.equal(e.code, 'DATA_INVALID');
      assert.equal(e.statusCode, 422);
      assert.equal(e.message, `${path}:3: not JSON`);
      assert.deepEqual(e.details, undefined);
      return true;
    },
  );
  assert.deepEqual(parsed, [1, 2], 'the read stops at the bad line');
});

test('any error of the parser is wrapped, not only a LineError', async () => {
  const path = file('json.jsonl', '{"a":1}\n{bad\n');
  await assert.rejects(
    eachLine(path, 'utf8', (line) => JSON.parse(line)),
    (e: unknown) => isRecoError(e) && e.code === 'DATA_INVALID' && e.message.startsWith(`${path}:2: `),
  );
});

test('a missing file rejects', async () => {
  await assert.rejects(
    eachLine(join(root, 'absent.txt'), 'utf8', () => {}),
    (e: NodeJS.ErrnoException) => e.code === 'ENOENT',
  );
});

test('an empty file calls nothing', async () => {
  assert.deepEqual(await lines(file('empty.txt', '')), []);
});

test('dataError names the path, and the line when given', () => {
  const e = dataError('data/items.jsonl', 'no items');
  assert.equal(e.code, 'DATA_INVALID');
  assert.equal(e.message, 'data/items.jsonl: no items');
  assert.equal(dataError('x.csv', 'bad rating', 12).message, 'x.csv:12: bad rating');
  assert.ok(new LineError('m') instanceof Error);
});
