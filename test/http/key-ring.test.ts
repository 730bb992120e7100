import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { keyMatches } from '../../src/http/api-keys.ts';
import { KeyRing, readKeyFile } from '../../src/http/key-ring.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const dir = tempDir('reco-key-ring-');

function logger() {
  const lines: { level: string; obj: Record<string, unknown>; msg: string }[] = [];
  return {
    lines,
    info: (obj: object, msg: string) =>
      lines.push({ level: 'info', obj: obj as Record<string, unknown>, msg }),
    warn: (obj: object, msg: string) =>
      lines.push({ level: 'warn', obj: obj as Record<string, unknown>, msg }),
  };
}

test('a key file: one key per line or comma-separated, # comments and blank lines dropped', () => {
  const file = join(dir, 'keys-format');
  writeFileSync(file, '# header\n\nk1\r\nk2, k3 # trailing comment\n   \n#k4\n');
  assert.equal(readKeyFile(file), 'k1,k2, k3');
});

test('inline keys alone: no file, refresh and watch do nothing', () => {
  const ring = new KeyRing('a, b');
  assert.equal(ring.size, 2);
  assert.ok(keyMatches(ring.hashes, 'b'));
  ring.refresh(true);
  ring.watch(10);
  ring.stop();
  assert.equal(ring.size, 2);
  assert.equal(new KeyRing('').size, 0);
});

test('inline and file keys are both accepted', () => {
  const file = join(dir, 'keys-both');
  writeFileSync(file, 'from-file\n');
  const ring = new KeyRing('inline', file);
  assert.equal(ring.size, 2);
  assert.ok(keyMatches(ring.hashes, 'inline'));
  assert.ok(keyMatches(ring.hashes, 'from-file'));
});

test('a missing key file at start is a ConfigError naming the file and the errno', () => {
  const file = join(dir, 'nope');
  assert.throws(
    () => new KeyRing('inline', file),
    (e: Error & { code?: string }) => {
      assert.equal(e.code, 'CONFIG_INVALID');
      assert.ok(e.message.includes(file));
      assert.match(e.message, /ENOENT/);
      return true;
    },
  );
});

test('refresh reads a changed file, logs the reload, and skips an unchanged one', () => {
  const file = join(dir, 'keys-rotate');
  writeFileSync(file, 'old\n');
  const log = logger();
  const ring = new KeyRing('', file, log);
  assert.equal(log.lines.length, 0, 'the first read at start is not logged');
  ring.refresh();
  assert.equal(log.lines.length, 0, 'unchanged: nothing read again');
  writeFileSync(file, 'old\nnew-longer-key\n');
  ring.refresh();
  assert.equal(ring.size, 2);
  assert.ok(keyMatches(ring.hashes, 'new-longer-key'));
  assert.deepEqual(log.lines, [{ level: 'info', obj: { file, keys: 2, before: 1 }, msg: 'keys reloaded' }]);
});

test('a key file that disappears leaves only the inline keys, never more', () => {
  const file = join(dir, 'keys-vanish');
  writeFileSync(file, 'filed\n');
  const log = logger();
  const ring = new KeyRing('kept', file, log);
  rmSync(file);
  ring.refresh();
  assert.equal(ring.size, 1);
  assert.ok(keyMatches(ring.hashes, 'kept'));
  assert.ok(!keyMatches(ring.hashes, 'filed'));
  assert.equal(log.lines[0].level, 'warn');
  assert.match(log.lines[0].msg, /unreadable/);
  writeFileSync(file, 'back\n');
  ring.refresh();
  assert.ok(keyMatches(ring.hashes, 'back'), 'it comes back with the file');
});

test('an emptied key file matches nothing (when there are no inline keys)', () => {
  const file = join(dir, 'keys-empty');
  writeFileSync(file, 'only\n');
  const ring = new KeyRing('', file);
  writeFileSync(file, '# all gone\n');
  ring.refresh();
  assert.equal(ring.size, 0);
});

test('watch polls the file until stop', async () => {
  const file = join(dir, 'keys-watch');
  writeFileSync(file, 'a\n');
  const ring = new KeyRing('', file);
  ring.watch(20);
  writeFileSync(file, 'a\nbb\n');
  for (let i = 0; i < 100 && ring.size < 2; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(ring.size, 2);
  ring.stop();
  writeFileSync(file, 'a\nbb\nccc\n');
  await new Promise((r) => setTimeout(r, 80));
  assert.equal(ring.size, 2, 'no more polling after stop');
});
