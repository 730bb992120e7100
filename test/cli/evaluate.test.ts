import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { EVALUATE_USAGE, runEvaluate } from '../../src/cli/evaluate.ts';
import { generateWorld } from '../../src/data/demo/world.ts';
import { writeDataset } from '../../src/data/loaders/jsonl.ts';
import { loadDataset } from '../../src/data/loaders/load.ts';
import { SPLITS } from '../../src/data/split.ts';
import { formatTable } from '../../src/evaluation/report/table.ts';
import { DEFAULT_EVAL, EVAL_MODELS, type EvalReport, evaluate } from '../../src/evaluation/run.ts';
import { initTf } from '../../src/runtime/tf.ts';
import { createProgress } from '../../src/training/progress.ts';
import { capture, failure } from '../helpers/cli-output.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const root = tempDir('reco-cli-evaluate-');
const data = join(root, 'data');
const noImpressions = join(root, 'no-impressions');
let n = 0;
const out = () => join(root, `reports${n++}`);

before(async () => {
  await initTf('wasm');
  const world = generateWorld({ seed: 3, scale: 0.02 });
  await writeDataset(data, world);
  await writeDataset(noImpressions, {
    ...world,
    events: world.events.filter((e) => e.type !== 'impression'),
  });
});

const withoutTimes = (r: EvalReport) => ({
  ...r,
  results: r.results.map(({ trainMs: _, ...rest }) => rest),
});

async function run(args: string[]) {
  const c = await capture(() => runEvaluate(args));
  if (c.error) throw c.error;
  return c;
}

test('reco evaluate: the models asked for, the table on stdout, evaluation.json and .html in --out', async () => {
  const dir = out();
  const c = await run(['--data', data, '--models', 'popular, wals', '--out', dir]);
  const report = JSON.parse(readFileSync(join(dir, 'evaluation.json'), 'utf8')) as EvalReport;
  assert.deepEqual(
    report.results.map((r) => r.model),
    ['popular', 'wals'],
    'in the order given, spaces trimmed',
  );
  assert.equal(report.split, 'leave-last-out');
  const direct = await evaluate(
    await loadDataset(data),
    { ...DEFAULT_EVAL, models: ['popular', 'wals'] },
    createProgress(false),
  );
  assert.deepEqual(withoutTimes(report), withoutTimes(direct), 'the figures evaluate() gives');
  assert.equal(c.stdout, `${formatTable(report)}\n`);
  const html = readFileSync(join(dir, 'evaluation.html'), 'utf8');
  assert.match(html, /<html/i);
  assert.ok(html.includes('wals'));
  assert.match(c.stderr, /^tensorflow\.js backend: /);
  assert.ok(c.stderr.includes(`wrote ${join(dir, 'evaluation.json')} and ${join(dir, 'evaluation.html')}\n`));
});

test('--split temporal evaluates on the temporal split', async () => {
  const dir = out();
  await run(['--data', data, '--models', 'popular', '--split', 'temporal', '--out', dir]);
  const report = JSON.parse(readFileSync(join(dir, 'evaluation.json'), 'utf8')) as EvalReport;
  assert.equal(report.split, 'temporal');
  const direct = await evaluate(
    await loadDataset(data),
    { ...DEFAULT_EVAL, models: ['popular'], split: 'temporal' },
    createProgress(false),
  );
  assert.deepEqual(withoutTimes(report), withoutTimes(direct));
});

test('--task ranking: the rankers compared, printed and written to ranking.json and .html', async () => {
  const dir = out();
  const c = await run(['--data', data, '--task', 'ranking', '--out', dir]);
  const rows = JSON.parse(readFileSync(join(dir, 'ranking.json'), 'utf8')) as { scorer: string }[];
  assert.deepEqual(
    rows.map((r) => r.scorer),
    ['retrieval-order', 'weighted-logistic', 'logistic', 'neumf'],
  );
  assert.ok(existsSync(join(dir, 'ranking.html')));
  assert.equal(existsSync(join(dir, 'evaluation.json')), false, 'no retrieval report');
  assert.ok(c.stdout.startsWith(`${data}: held-out impressions`), c.stdout);
  assert.ok(c.stderr.includes(`wrote ${join(dir, 'ranking.json')} and ranking.html\n`));
});

test('--task ranking on data without impressions is a ConfigError, and nothing is written', async () => {
  const dir = out();
  const e = failure(
    await capture(() => runEvaluate(['--data', noImpressions, '--task', 'ranking', '--out', dir])),
  );
  assert.equal(e.code, 'CONFIG_INVALID');
  assert.match(e.message, /no impression events/);
  assert.equal(existsSync(dir), false);
});

test('--task exposure: a bad --exposure setting is a ConfigError naming it, before any training', async () => {
  const dir = out();
  const e = failure(
    await capture(() =>
      runEvaluate([
        '--data',
        data,
        '--task',
        'exposure',
        '--exposure',
        'none;maxPerProvider=-1',
        '--out',
        dir,
      ]),
    ),
  );
  assert.equal(e.code, 'CONFIG_INVALID');
  assert.match(e.message, /^--exposure: "maxPerProvider=-1": expected maxPerProvider\|/);
  assert.equal(existsSync(dir), false);
});

test('bad flags: ConfigErrors naming the flag, before anything is trained or written', async () => {
  const dir = out();
  const cases: [string[], RegExp][] = [
    [['--split', 'random'], new RegExp(`^--split: expected one of ${SPLITS.join(', ')}, got "random"$`)],
    [['--models', 'popular,bpr'], /^--models: unknown model "bpr"; expected softmax, /],
    [['--epochs', '0'], /^--epochs: expected a positive integer, got "0"$/],
    [['--epochs', 'two'], /^--epochs: expected a positive integer, got "two"$/],
    [['--sources', 'ann:200,magic:3'], /^--sources: unknown source "magic"/],
    [['--sources', 'ann'], /^--sources: source ann needs a quota/],
    [
      ['--task', 'clustering', '--models', 'popular'],
      /^--task: expected retrieval.* ranking.*, got "clustering"$/,
    ],
    [['--models', 'popular', '--uniform-negatives=-1'], /^--uniform-negatives: /],
    [['--models', 'popular', '--item-representation', 'pixels'], /^--item-representation: /],
    [['--models', 'popular', '--users', 'vip'], /^--users: expected one of all, few-watches, got "vip"$/],
  ];
  for (const [args, message] of cases) {
    const e = failure(await capture(() => runEvaluate(['--data', data, '--out', dir, ...args])));
    assert.equal(e.code, 'CONFIG_INVALID', args.join(' '));
    assert.match(e.message, message);
  }
  assert.equal(existsSync(dir), false);
  const unknown = failure(await capture(() => runEvaluate(['--data', data, '--model', 'popular'])));
  assert.equal(unknown.code, 'ERR_PARSE_ARGS_UNKNOWN_OPTION');
});

test('a data directory that is not there fails with its path', async () => {
  const missing = join(root, 'missing');
  const e = failure(
    await capture(() => runEvaluate(['--data', missing, '--models', 'popular', '--out', out()])),
  );
  assert.match(e.message, new RegExp(`${missing}.*no such directory`));
});

test('the usage lists every model kind and both splits', () => {
  assert.match(EVALUATE_USAGE, /^reco evaluate \[--data DIR\]/);
  assert.ok(EVALUATE_USAGE.includes(`--models ${EVAL_MODELS.join(',')}`));
  assert.ok(EVALUATE_USAGE.includes(`--split ${SPLITS.join('|')}`));
});
