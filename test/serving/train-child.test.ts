import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { REFUSED_EXIT_CODE, type TrainReport } from '../../src/bundle/guard.ts';
import type { RetrainOptions } from '../../src/serving/retrain-types.ts';
import {
  candidateFigures,
  parseReport,
  refusal,
  runTrainChild,
  trainCommand,
} from '../../src/serving/train-child.ts';

const opts: RetrainOptions = {
  intervalMs: 0,
  modelDir: '/srv/models',
  storeLocation: '/srv/events.db',
  minNewEvents: 1,
  bootstrapMinEvents: 0,
};

test('the command runs bin/reco.js train from the store into the models directory', () => {
  const args = trainCommand(opts, {});
  assert.match(args[0], /bin[/\\]reco\.js$/);
  assert.ok(existsSync(args[0]), 'the CLI entry point exists');
  assert.deepEqual(args.slice(1), ['train', '--from-store', '--out', '/srv/models']);
});

test('data, guard, retention and run options become flags; extra args come last', () => {
  const args = trainCommand(
    { ...opts, dataDir: '/srv/data', maxShrink: 0, keepBundles: 2, trainArgs: ['--epochs', '1'] },
    { allowShrink: true, fresh: true },
  );
  assert.deepEqual(args.slice(1), [
    'train',
    '--from-store',
    '--out',
    '/srv/models',
    '--data',
    '/srv/data',
    '--retrain-max-shrink',
    '0',
    '--keep-bundles',
    '2',
    '--allow-shrink',
    '--fresh',
    '--epochs',
    '1',
  ]);
  const off = trainCommand(opts, { allowShrink: false, fresh: false });
  assert.ok(!off.includes('--allow-shrink') && !off.includes('--fresh'));
});

const served: TrainReport = {
  status: 'served',
  message: 'served',
  candidate: { version: 'v2', items: 10, users: 5, quality: 0.4 },
  modelVersion: 'v2',
};

test('the report is the last stdout line that parses as a verdict', () => {
  const refused = { ...served, status: 'refused', code: 'QUALITY_DROPPED', message: 'worse' };
  const out = [
    'progress 10 %',
    JSON.stringify(served),
    '{"status":"other"}',
    JSON.stringify(refused),
    '{not json',
    '{"level":30,"msg":"a library log line"}',
    '',
  ].join('\n');
  assert.deepEqual(parseReport(out), refused);
  assert.deepEqual(parseReport(`  ${JSON.stringify(served)}  \r\n`), served, 'surrounding blanks');
});

test('no verdict in the output: undefined', () => {
  assert.equal(parseReport(''), undefined);
  assert.equal(parseReport('Error: boom\n    at x\n'), undefined);
  assert.equal(parseReport('{"status":"failed"}\nnull\n'), undefined);
  assert.equal(parseReport('[1,2]'), undefined);
});

test('a refusal needs both the refused exit status and a refused verdict', () => {
  const refused: TrainReport = { ...served, status: 'refused', code: 'CATALOGUE_SHRANK', message: 'shrank' };
  assert.deepEqual(refusal(REFUSED_EXIT_CODE, refused), {
    status: 'refused',
    code: 'CATALOGUE_SHRANK',
    message: 'shrank',
  });
  assert.equal(refusal(1, refused), undefined, 'a crash after the verdict is a failure');
  assert.equal(refusal(REFUSED_EXIT_CODE, served), undefined);
  assert.equal(refusal(REFUSED_EXIT_CODE, undefined), undefined);
  assert.equal(refusal(null, refused), undefined);
});

test('candidate figures leave out the version, and the quality when unknown', () => {
  assert.deepEqual(candidateFigures(served), { items: 10, users: 5, quality: 0.4 });
  const noQuality = candidateFigures({ ...served, candidate: { version: 'v3', items: 1, users: 2 } });
  assert.deepEqual(noQuality, { items: 1, users: 2 });
  assert.ok(noQuality && !('quality' in noQuality));
});

const script = (js: string) => ['-e', js];

test('runs the child with the SQLite path in its environment, not the database URL', async () => {
  let started: ChildProcess | undefined;
  const r = await runTrainChild(
    script('console.log(JSON.stringify([process.env.RECO_DB_PATH, process.env.RECO_DATABASE_URL]))'),
    '/tmp/events.db',
    (c) => {
      started = c;
    },
  );
  assert.equal(r.code, 0);
  assert.deepEqual(JSON.parse(r.stdout), ['/tmp/events.db', '']);
  assert.ok(started?.pid, 'onStart got the child');
});

test('a PostgreSQL URL travels as RECO_DATABASE_URL (off the command line)', async () => {
  const url = 'postgres://reco:secret@db/reco';
  const r = await runTrainChild(
    script('console.log(process.env.RECO_DATABASE_URL); console.log(process.argv.length)'),
    url,
    () => {},
  );
  assert.deepEqual(r.stdout.trim().split('\n'), [url, '1']);
});

test('the exit status and stderr come back; stderr keeps its last 2000 characters', async () => {
  const r = await runTrainChild(
    script("process.stderr.write('x'.repeat(5000) + 'END'); process.exit(3)"),
    'e.db',
    () => {},
  );
  assert.equal(r.code, 3);
  assert.equal(r.stderr.length, 2000);
  assert.ok(r.stderr.endsWith('xEND'));
  assert.equal(r.stdout, '');
});

test('a killed child resolves with a null status', async () => {
  const r = await runTrainChild(script('setInterval(() => {}, 1000)'), 'e.db', (c) => {
    c.kill('SIGTERM');
  });
  assert.equal(r.code, null);
});

test('stdout is read to the end: a verdict printed last is not lost', async () => {
  const line = JSON.stringify(served);
  const r = await runTrainChild(
    script(`process.stdout.write('y'.repeat(100000) + '\\n' + ${JSON.stringify(line)} + '\\n')`),
    'e.db',
    () => {},
  );
  assert.ok(r.stdout.length <= 64_000);
  assert.deepEqual(parseReport(r.stdout), served);
});
