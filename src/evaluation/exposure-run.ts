import type { Dataset } from '../data/loaders/jsonl.ts';
import { lookup } from '../data/vocab.ts';
import { RetrievalAccumulator, type RetrievalMetrics } from '../models/metrics/accumulator.ts';
import type { RecommendRequest } from '../serving/engine.ts';
import type { Progress } from '../training/progress.ts';
import { catalogueProviders } from './kinds/kind.ts';
import { type EvalOptions, evalContext } from './run.ts';
import { closeServed, trainServed } from './served.ts';

/** One setting of the fair-exposure rules, as per-request overrides. */
export interface ExposureSetting {
  name: string;
  rules: NonNullable<RecommendRequest['rules']>;
}

/** Parses `maxPerProvider=2,longTailMin=1;longTailMin=2` (settings split by `;`) into settings. */
export function parseExposureSettings(text: string): ExposureSetting[] | { problem: string } {
  const keys = ['maxPerProvider', 'longTailMin', 'longTailHeadPercent', 'longTailMargin'] as const;
  const out: ExposureSetting[] = [];
  for (const part of text.split(';').map((s) => s.trim())) {
    if (part === '' || part === 'none') {
      out.push({ name: 'none', rules: {} });
      continue;
    }
    const rules: ExposureSetting['rules'] = {};
    for (const kv of part.split(',')) {
      const [k, v] = kv.split('=').map((s) => s.trim());
      const value = Number(v);
      if (!keys.includes(k as (typeof keys)[number]) || v === undefined || v === '' || !(value >= 0))
        return { problem: `"${kv}": expected ${keys.join('|')}=<number ≥ 0>` };
      rules[k as (typeof keys)[number]] = value;
    }
    out.push({ name: part, rules });
  }
  return out;
}

/**
 * The settings `reco evaluate --task exposure` compares unless `--exposure` says otherwise: no
 * rule; the provider cap alone at 3, 2 and 1 per 10; the long-tail floor alone at 1, 2 and 3 of
 * 10 (20 % head) with margins 0.2, 0.5 and 0.8; and both together.
 */
export const DEFAULT_EXPOSURE_SETTINGS = [
  'none',
  'maxPerProvider=3',
  'maxPerProvider=2',
  'maxPerProvider=1',
  'longTailMin=1',
  'longTailMin=2',
  'longTailMin=3',
  'longTailMin=2,longTailMargin=0.5',
  'longTailMin=3,longTailMargin=0.5',
  'longTailMin=3,longTailMargin=0.8',
  'maxPerProvider=2,longTailMin=2,longTailMargin=0.5',
].join(';');

/** Lists of this length are asked for: what one screen shows, and what R@10 and exposure read. */
const EXPOSURE_K = 10;

export interface ExposureRow extends RetrievalMetrics {
  setting: string;
  rules: ExposureSetting['rules'];
  /** Mean in-process time of one request (ms). */
  msPerRequest: number;
}

export interface ExposureReport {
  source: string;
  testUsers: number;
  rows: ExposureRow[];
}

/**
 * The accuracy cost of each fair-exposure setting: `reco train` once on the events before each
 * test user's held-out watch (as the `served` kind), then one GET /recommendations?k=10 per test
 * user and setting, the setting given as the request's rule overrides, so every row is the same
 * bundle asked the same questions.
 */
export async function evaluateExposure(
  dataset: Dataset,
  opts: EvalOptions,
  settings: readonly ExposureSetting[],
  progress: Progress,
): Promise<ExposureReport> {
  const ctx = evalContext(dataset, opts, progress);
  const { tests, excludes, spec } = ctx;
  const served = await trainServed(
    dataset,
    tests,
    spec.items,
    {
      historyLength: opts.historyLength,
      retrieval: opts.retrieval,
      ranker: opts.ranker,
      candidates: opts.candidates,
    },
    progress,
  );
  const providers = catalogueProviders(ctx);
  const rows: ExposureRow[] = [];
  try {
    const scores = new Float32Array(ctx.numItems);
    for (const s of settings) {
      const acc = new RetrievalAccumulator(ctx.numItems, ctx.counts, providers);
      const start = performance.now();
      for (const [row, t] of tests.entries()) {
        const rec = await served.engine.recommend({
          userId: t.userId,
          k: EXPOSURE_K,
          now: t.time,
          rules: s.rules,
        });
        scores.fill(Number.NEGATIVE_INFINITY);
        rec.items.forEach((it, i) => {
          scores[lookup(spec.items, it.itemId)] = EXPOSURE_K - i;
        });
        acc.add(scores, 0, t.item, excludes[row], ctx.planted(t.userId), t.watchTimeSec, EXPOSURE_K);
      }
      const msPerRequest = (performance.now() - start) / Math.max(1, tests.length);
      rows.push({ setting: s.name, rules: s.rules, ...acc.result(), msPerRequest });
      progress.log(`exposure: ${s.name} done`);
    }
  } finally {
    await closeServed(served);
  }
  return { source: dataset.source, testUsers: tests.length, rows };
}

const f3 = (x: number | undefined) => (x === undefined ? '-' : x.toFixed(3));

/** The sweep as a Markdown table (what docs/evaluation.md shows), one row per setting. */
export function formatExposureTable(report: ExposureReport): string {
  const base = report.rows.find((r) => r.setting === 'none') ?? report.rows[0];
  const delta = (x: number, b: number | undefined) =>
    b === undefined || b === 0 ? '' : ` (${x >= b ? '+' : ''}${(((x - b) / b) * 100).toFixed(0)} %)`;
  return [
    `${report.source}: ${report.testUsers} test users, served bundle, k = ${EXPOSURE_K}, one bundle for every row`,
    '',
    '| setting | R@10 | NDCG@10 | item Gini | provider Gini | long-tail share |',
    '|---|---|---|---|---|---|',
    ...report.rows.map((r) => {
      const e = r.exposure10;
      return `| ${r.setting} | ${f3(r.recall[10])}${delta(r.recall[10], base?.recall[10])} | ${f3(r.ndcg10)}${delta(r.ndcg10, base?.ndcg10)} | ${f3(e?.itemGini)} | ${f3(e?.providerGini)} | ${f3(e?.longTailShare)} |`;
    }),
  ].join('\n');
}
