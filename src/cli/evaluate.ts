import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseQuotas } from '../bundle/sources-config.ts';
import type { Dataset } from '../data/loaders/jsonl.ts';
import { loadDataset } from '../data/loaders/load.ts';
import { SPLITS, type Split } from '../data/split.ts';
import { ConfigError } from '../errors.ts';
import {
  DEFAULT_EXPOSURE_SETTINGS,
  evaluateExposure,
  formatExposureTable,
  parseExposureSettings,
} from '../evaluation/exposure-run.ts';
import { CONTEXT_MODELS } from '../evaluation/kinds/registry.ts';
import { evaluateRanking } from '../evaluation/ranking-run.ts';
import { formatHtml, formatRankingHtml } from '../evaluation/report/html.ts';
import { formatRankingTable, formatTable } from '../evaluation/report/table.ts';
import {
  DEFAULT_EVAL,
  DEFAULT_MODELS,
  EVAL_MODELS,
  type EvalModel,
  type EvalOptions,
  evaluate,
} from '../evaluation/run.ts';
import { FEW_WATCHES, TEST_USERS, type TestUsers } from '../evaluation/test-users.ts';
import { initTf, runtimeSummary } from '../runtime/tf.ts';
import { createProgress } from '../training/progress.ts';
import { RANKER_SOURCES_FLAG, rankerSources } from './ranker-flags.ts';
import { RETRIEVAL_FLAGS, retrievalOverrides } from './retrieval-flags.ts';

export const EVALUATE_USAGE = `reco evaluate [--data DIR] [--split ${SPLITS.join('|')}] [--models ${EVAL_MODELS.join(',')}] [--sources ann:200,related:30,...] [--ranker-sources on|off] [--context] [--users all|few-watches] [--task retrieval|ranking|exposure] [--exposure 'none;maxPerProvider=2;longTailMin=2,longTailMargin=0.5'] [--out reports] [--epochs N] [--example-age] [--uniform-negatives N] [--hard-negatives N] [--item-representation id|tower|both] [--id-buckets N] [--sequence-training]

Trains each model on the split's training part of DIR (default data/demo, reco or MovieLens
format) and scores it on the held-out watches over the full catalogue; prints a table and
writes <out>/evaluation.json and evaluation.html (--task ranking: ranking.json and ranking.html;
--task exposure: the served bundle asked once per fair-exposure setting of --exposure, settings
split by ";", into exposure.json and exposure.md). --context runs the context-aware comparison
(${CONTEXT_MODELS.join(', ')}) on a world where context matters (reco generate --context-effects).
--users few-watches counts only the test users with at most ${FEW_WATCHES} watches before the held-out
one and at least one search before it (every model still trains on the whole split).`;

/**
 * `reco evaluate --data DIR [--models softmax,wals,popular] [--out reports/] [--epochs N]`:
 * leave-last-out, full-catalogue evaluation; prints a table, writes JSON and an HTML report.
 */
export async function runEvaluate(args: string[]): Promise<void> {
  const { values, models, epochs, sources, users } = parseEvaluateArgs(args);
  const rt = await initTf();
  process.stderr.write(`${runtimeSummary(rt)}\n`);
  const data = await loadDataset(values.data);
  if (values.task === 'ranking') return writeRankingReport(data, values.data, values.out);
  if (values.task === 'exposure')
    return writeExposureReport(
      data,
      {
        ...DEFAULT_EVAL,
        split: values.split as Split,
        retrieval: { ...DEFAULT_EVAL.retrieval, epochs, ...retrievalOverrides(values) },
      },
      values.exposure,
      values.out,
    );
  if (values.task !== 'retrieval')
    throw new ConfigError(`--task: expected retrieval, ranking or exposure, got "${values.task}"`);
  const report = await evaluate(
    data,
    {
      ...DEFAULT_EVAL,
      models,
      sources,
      users,
      ranker: { ...DEFAULT_EVAL.ranker, sourceFeatures: rankerSources(values['ranker-sources']) },
      split: values.split as Split,
      retrieval: {
        ...DEFAULT_EVAL.retrieval,
        epochs,
        ...retrievalOverrides(values),
      },
    },
    createProgress(),
  );
  const table = formatTable(report);
  process.stdout.write(`${table}\n`);
  await mkdir(values.out, { recursive: true });
  await writeFile(join(values.out, 'evaluation.json'), JSON.stringify(report, null, 2));
  await writeFile(join(values.out, 'evaluation.html'), formatHtml(report, table));
  process.stderr.write(
    `wrote ${join(values.out, 'evaluation.json')} and ${join(values.out, 'evaluation.html')}\n`,
  );
}

/** The flags, with --split, --models and --epochs checked. */
function parseEvaluateArgs(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      data: { type: 'string', default: 'data/demo' },
      models: { type: 'string', default: DEFAULT_MODELS.join(',') },
      sources: { type: 'string' },
      out: { type: 'string', default: 'reports' },
      epochs: { type: 'string' },
      split: { type: 'string', default: 'leave-last-out' },
      task: { type: 'string', default: 'retrieval' },
      exposure: { type: 'string', default: DEFAULT_EXPOSURE_SETTINGS },
      context: { type: 'boolean', default: false },
      users: { type: 'string', default: 'all' },
      ...RANKER_SOURCES_FLAG,
      ...RETRIEVAL_FLAGS,
    },
    strict: true,
  });
  if (!SPLITS.includes(values.split as Split)) {
    throw new ConfigError(`--split: expected one of ${SPLITS.join(', ')}, got "${values.split}"`);
  }
  const models = (
    values.context ? [...CONTEXT_MODELS] : values.models.split(',').map((m) => m.trim())
  ) as EvalModel[];
  for (const m of models) {
    if (!EVAL_MODELS.includes(m))
      throw new ConfigError(`--models: unknown model "${m}"; expected ${EVAL_MODELS.join(', ')}`);
  }
  const epochs = values.epochs === undefined ? DEFAULT_EVAL.retrieval.epochs : Number(values.epochs);
  if (!Number.isInteger(epochs) || epochs <= 0)
    throw new ConfigError(`--epochs: expected a positive integer, got "${values.epochs}"`);
  if (!TEST_USERS.includes(values.users as TestUsers))
    throw new ConfigError(`--users: expected one of ${TEST_USERS.join(', ')}, got "${values.users}"`);
  const quotas = values.sources === undefined ? undefined : parseQuotas(values.sources);
  if (quotas && 'problem' in quotas) throw new ConfigError(`--sources: ${quotas.problem}`);
  return { values, models, epochs, sources: quotas?.quotas, users: values.users as TestUsers };
}

/** `--task exposure`: each fair-exposure setting's accuracy and exposure, printed and written to <out>/exposure.json and .md. */
async function writeExposureReport(
  data: Dataset,
  opts: EvalOptions,
  text: string,
  out: string,
): Promise<void> {
  const settings = parseExposureSettings(text);
  if ('problem' in settings) throw new ConfigError(`--exposure: ${settings.problem}`);
  const report = await evaluateExposure(data, opts, settings, createProgress());
  const table = formatExposureTable(report);
  process.stdout.write(`${table}\n`);
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'exposure.json'), JSON.stringify(report, null, 2));
  await writeFile(join(out, 'exposure.md'), `${table}\n`);
  process.stderr.write(`wrote ${join(out, 'exposure.json')} and exposure.md\n`);
}

/** `--task ranking`: the ranker's evaluation, printed and written to <out>/ranking.json and .html. */
async function writeRankingReport(data: Dataset, dataDir: string, out: string): Promise<void> {
  const rows = await evaluateRanking(data, createProgress());
  const table = formatRankingTable(dataDir, rows);
  process.stdout.write(table);
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'ranking.json'), JSON.stringify(rows, null, 2));
  await writeFile(join(out, 'ranking.html'), formatRankingHtml(rows, table));
  process.stderr.write(`wrote ${join(out, 'ranking.json')} and ranking.html\n`);
}
