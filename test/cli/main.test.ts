import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { GENERATE_USAGE } from '../../src/cli/generate.ts';
import { tempDir } from '../helpers/temp-dir.ts';

// src/cli/main.ts runs on import (it reads process.argv and exits), so it is driven as the
// operator drives it: `node bin/reco.js ...`, with no RECO_* variable in its environment.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('RECO_')));
interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}
const reco = (...args: string[]) =>
  new Promise<Run>((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/reco.js', ...args], { env, timeout: 60_000 });
    const out = { stdout: '', stderr: '' };
    child.stdout.on('data', (d) => {
      out.stdout += d;
    });
    child.stderr.on('data', (d) => {
      out.stderr += d;
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, ...out }));
  });
const root = tempDir('reco-cli-main-');
const world = join(root, 'world');

// Each run is a fresh process (tsx start-up): they are started together, and each test reads its own.
const runs: Record<string, Run> = {};
before(async () => {
  const commands: Record<string, string[]> = {
    generate: ['generate', '--out', world, '--seed', '3', '--scale', '0.02'],
    help: ['help', 'generate'],
    dashdash: ['generate', '--', '--help'],
    recoError: ['generate', '--out', join(root, 'x'), '--seed', 'x'],
    // mkdir under a regular file fails with ENOTDIR: nothing reco raises on purpose.
    crash: ['generate', '--out', join(import.meta.filename, 'world'), '--scale', '0.02'],
    unknown: ['trian', '--data', 'd'],
  };
  const done = await Promise.all(Object.values(commands).map((args) => reco(...args)));
  Object.keys(commands).forEach((k, i) => {
    runs[k] = done[i];
  });
});

test('a command runs with its flags and exits 0', () => {
  const r = runs.generate;
  assert.equal(r.status, 0, r.stderr);
  assert.ok(existsSync(join(world, 'items.jsonl')));
  assert.match(r.stderr, /^wrote \d+ items, \d+ users, \d+ events to /);
});

test('help prints exactly the usage the command module declares', () => {
  const help = runs.help;
  assert.equal(help.status, 0);
  assert.equal(help.stdout, `${GENERATE_USAGE}\n`);
  assert.equal(help.stderr, '');
});

test('--help after -- is an argument, not a request for help: a parse error, exit status 2', () => {
  const r = runs.dashdash;
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^reco generate: .*--help/);
  assert.equal(r.stderr.trim().split('\n').length, 1, 'one line');
});

test('a reco error: one line prefixed with the command, exit status 2', () => {
  const bad = runs.recoError;
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr, 'reco generate: --seed: expected an integer, got "x"\n');
  assert.equal(existsSync(join(root, 'x')), false);
});

test('an unexpected failure: the stack trace and exit status 1', () => {
  const r = runs.crash;
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^reco generate: Error: ENOTDIR/);
  assert.match(r.stderr, /\n\s+at /, 'the stack trace');
});

test('an unknown command: its name and the command list on stderr, exit status 2', () => {
  const r = runs.unknown;
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^unknown command "trian"\n\nreco <command> \[flags\]\n/);
  for (const command of ['demo', 'generate', 'train', 'serve', 'gc', 'evaluate', 'config'])
    assert.match(r.stderr, new RegExp(`\\n  ${command} `), command);
});
