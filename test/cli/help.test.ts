import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

// `reco <command> --help` prints the command's usage on stdout and exits 0, before any flag is
// parsed (parseArgs' strict mode would call --help an unknown option).
const reco = (...args: string[]) =>
  spawnSync(process.execPath, ['bin/reco.js', ...args], { encoding: 'utf8', timeout: 60_000 });

for (const command of ['train', 'serve', 'evaluate', 'generate', 'gc', 'demo', 'config']) {
  test(`reco ${command} --help prints its usage and exits 0`, () => {
    const r = reco(command, '--help');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^reco ${command}\\b`));
    assert.doesNotMatch(r.stderr, /Unknown option/);
  });
}

test('-h anywhere among the flags, and reco help COMMAND, print the same usage', () => {
  const usage = reco('gc', '--help').stdout;
  assert.equal(reco('gc', '--keep-bundles', '2', '-h').stdout, usage);
  assert.equal(reco('help', 'gc').stdout, usage);
});

test('reco --help lists the commands and exits 0; an unknown command exits 2', () => {
  for (const args of [['--help'], ['-h'], ['help'], []]) {
    const r = reco(...args);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^reco <command> \[flags\]/);
    assert.match(r.stdout, /\btrain\b.*\bserve\b/s);
  }
  const r = reco('frobnicate');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown command "frobnicate"/);
  assert.equal(reco('help', 'frobnicate').status, 2);
});

test('reco train on a malformed data file: one line naming file and line, exit status 2', () => {
  const root = mkdtempSync(join(tmpdir(), 'reco-cli-data-'));
  try {
    writeFileSync(
      join(root, 'items.jsonl'),
      '{"itemId":"a","topic":"t","tags":[],"durationSec":60,"publishedAt":0}\n',
    );
    writeFileSync(
      join(root, 'events.jsonl'),
      '{"userId":"u","itemId":"a","type":"watch","timestamp":1}\n{"userId":"u","itemId":"a","type":"buy","timestamp":2}\n',
    );
    const r = reco('train', '--data', root, '--out', join(root, 'models'), '--fresh');
    assert.equal(r.status, 2, r.stderr);
    const line = `reco train: ${join(root, 'events.jsonl')}:2: "type": expected one of`;
    assert.ok(r.stderr.includes(line), r.stderr);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
