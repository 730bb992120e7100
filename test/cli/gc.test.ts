import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pointCurrent } from '../../src/bundle/write.ts';
import { GC_USAGE, runGc } from '../../src/cli/gc.ts';
import { capture, clearRecoEnv, failure } from '../helpers/cli-output.ts';
import { tempDir } from '../helpers/temp-dir.ts';

clearRecoEnv();
const root = tempDir('reco-cli-gc-');
let n = 0;
const name = (day: number) => `202603${String(day).padStart(2, '0')}-120000000-cafe000${day % 10}`;

/** A models directory with served bundles of days 1..count. */
function models(count: number): string {
  const dir = join(root, `m${n++}`);
  for (let d = 1; d <= count; d++) {
    mkdirSync(join(dir, name(d)), { recursive: true });
    writeFileSync(
      join(dir, name(d), 'manifest.json'),
      JSON.stringify({ formatVersion: 2, version: name(d) }),
    );
  }
  return dir;
}

async function gc(args: string[]) {
  const c = await capture(() => runGc(args));
  if (c.error) throw c.error;
  assert.equal(c.stdout.split('\n').length, 2, 'one JSON line');
  return JSON.parse(c.stdout) as { current?: string; kept: string[]; leased: string[]; removed: string[] };
}

test('reco gc keeps current and the newest --keep-bundles others, deletes the rest, prints JSON', async () => {
  const dir = models(5);
  await pointCurrent(dir, name(1));
  const r = await gc(['--model', dir, '--keep-bundles', '2']);
  assert.deepEqual(r, {
    current: name(1),
    kept: [name(5), name(4)],
    leased: [],
    removed: [name(3), name(2)],
  });
  assert.deepEqual(
    readdirSync(dir)
      .filter((f) => f !== 'current')
      .sort(),
    [name(1), name(4), name(5)],
  );
});

test('--dry-run lists what would go and deletes nothing', async () => {
  const dir = models(4);
  const r = await gc(['--model', dir, '--keep-bundles', '1', '--dry-run']);
  assert.deepEqual(r.kept, [name(4)]);
  assert.deepEqual(r.removed, [name(3), name(2), name(1)]);
  assert.equal(readdirSync(dir).length, 4);
});

test('without --keep-bundles the setting decides: its default, or RECO_KEEP_BUNDLES', async () => {
  const dir = models(5);
  assert.equal((await gc(['--model', dir, '--dry-run'])).kept.length, 3, 'the default keeps 3');
  process.env.RECO_KEEP_BUNDLES = '1';
  try {
    assert.deepEqual((await gc(['--model', dir, '--dry-run'])).kept, [name(5)]);
    assert.equal(
      (await gc(['--model', dir, '--dry-run', '--keep-bundles', '4'])).kept.length,
      4,
      'the flag wins',
    );
  } finally {
    delete process.env.RECO_KEEP_BUNDLES;
  }
});

test('a models directory that does not exist: nothing kept, nothing removed', async () => {
  assert.deepEqual(await gc(['--model', join(root, 'missing')]), { kept: [], leased: [], removed: [] });
});

test('a bad --keep-bundles is a ConfigError naming the flag; an unknown flag a parse error', async () => {
  const bad = failure(await capture(() => runGc(['--model', models(1), '--keep-bundles', 'many'])));
  assert.equal(bad.code, 'CONFIG_INVALID');
  assert.match(bad.message, /^--keep-bundles: /);
  const unknown = failure(await capture(() => runGc(['--keep', '2'])));
  assert.equal(unknown.code, 'ERR_PARSE_ARGS_UNKNOWN_OPTION');
});

test('the usage names the command and its flags', () => {
  assert.match(GC_USAGE, /^reco gc \[--model DIR\] \[--keep-bundles N\] \[--dry-run\]/);
});
