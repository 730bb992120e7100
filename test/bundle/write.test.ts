import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CURRENT, pointCurrent, writeBundle, writeJson } from '../../src/bundle/write.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const root = tempDir('reco-write-');

test('writeBundle fills a directory, renames it to the version and points current at it (relative link)', async () => {
  const models = join(root, 'a', 'models');
  let seen = '';
  const dir = await writeBundle(models, 'v1', async (d) => {
    seen = d;
    assert.ok(d.includes('.tmp-v1-'), 'filled under a temporary name');
    assert.equal(existsSync(join(models, 'v1')), false, 'not visible before it is complete');
    writeFileSync(join(d, 'x.json'), '1');
  });
  assert.equal(dir, join(models, 'v1'));
  assert.equal(existsSync(seen), false);
  assert.equal(readFileSync(join(models, CURRENT, 'x.json'), 'utf8'), '1');
  assert.equal(readlinkSync(join(models, CURRENT)), 'v1');
  await writeBundle(models, 'v2', async (d) => writeFileSync(join(d, 'x.json'), '2'));
  assert.equal(readlinkSync(join(models, CURRENT)), 'v2');
  assert.deepEqual(readdirSync(models).sort(), [CURRENT, 'v1', 'v2']);
});

test('current: false writes the bundle but leaves current alone', async () => {
  const models = join(root, 'b');
  await writeBundle(models, 'v1', async () => {});
  await writeBundle(models, 'wals-1', async () => {}, { current: false });
  assert.equal(readlinkSync(join(models, CURRENT)), 'v1');
  assert.ok(existsSync(join(models, 'wals-1')));
});

test('a failing fill leaves nothing behind and current where it was', async () => {
  const models = join(root, 'c');
  await writeBundle(models, 'v1', async () => {});
  await assert.rejects(
    writeBundle(models, 'v2', async (d) => {
      writeFileSync(join(d, 'half.json'), '{');
      throw new Error('disk full');
    }),
    /disk full/,
  );
  assert.deepEqual(readdirSync(models).sort(), [CURRENT, 'v1']);
  assert.equal(readlinkSync(join(models, CURRENT)), 'v1');
});

test('pointCurrent repoints an existing link and leaves no temporary link', async () => {
  const models = join(root, 'd');
  await writeBundle(models, 'v1', async () => {});
  await writeBundle(models, 'v2', async () => {});
  await pointCurrent(models, 'v1');
  assert.equal(readlinkSync(join(models, CURRENT)), 'v1');
  assert.deepEqual(
    readdirSync(models).filter((n) => n.startsWith('.')),
    [],
  );
});

test('writeJson writes compact JSON and returns the file name', async () => {
  const d = join(root, 'e');
  await writeBundle(d, 'v', async (dir) => {
    assert.equal(await writeJson(dir, 'a.json', { b: [1, 2] }), 'a.json');
  });
  assert.equal(readFileSync(join(d, 'v', 'a.json'), 'utf8'), '{"b":[1,2]}');
});
