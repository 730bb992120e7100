import type { ScorerResult } from '../ranking-run.ts';
import type { EvalReport } from '../run.ts';

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];
const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** A grouped bar chart: one group per metric, one bar per model. */
function bars(title: string, metrics: string[], values: number[][], models: string[]): string {
  const w = 640;
  const h = 240;
  const pad = 40;
  const max = Math.max(1e-9, ...values.flat());
  const gw = (w - pad) / metrics.length;
  const bw = (gw - 10) / models.length;
  let svg = `<svg width="${w}" height="${h + 30}" role="img" aria-label="${esc(title)}"><text x="0" y="14" font-weight="bold">${esc(title)}</text>`;
  metrics.forEach((m, g) => {
    values[g].forEach((v, i) => {
      const bh = (v / max) * (h - pad);
      const x = pad + g * gw + i * bw;
      svg += `<rect x="${x}" y="${h - bh}" width="${bw - 2}" height="${bh}" fill="${COLORS[i % COLORS.length]}"><title>${esc(models[i])} ${esc(m)}: ${v.toFixed(4)}</title></rect>`;
    });
    svg += `<text x="${pad + g * gw + gw / 2 - 20}" y="${h + 16}">${esc(m)}</text>`;
  });
  return `${svg}</svg>`;
}

/** A line chart of one series per model (e.g. training loss per epoch). */
function lines(title: string, series: { name: string; ys: number[] }[]): string {
  const w = 640;
  const h = 220;
  const pad = 40;
  const all = series.flatMap((s) => s.ys);
  if (all.length === 0) return '';
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const n = Math.max(...series.map((s) => s.ys.length));
  let svg = `<svg width="${w}" height="${h + 20}" role="img" aria-label="${esc(title)}"><text x="0" y="14" font-weight="bold">${esc(title)}</text>`;
  series.forEach((s, i) => {
    const pts = s.ys
      .map(
        (y, k) =>
          `${pad + (k / Math.max(1, n - 1)) * (w - 2 * pad)},${h - ((y - lo) / Math.max(1e-9, hi - lo)) * (h - pad)}`,
      )
      .join(' ');
    svg += `<polyline fill="none" stroke="${COLORS[i % COLORS.length]}" stroke-width="2" points="${pts}"><title>${esc(s.name)}</title></polyline>`;
  });
  return `${svg}</svg>`;
}

const page = (title: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:760px;margin:2em auto}pre{background:#f6f6f6;padding:1em;overflow:auto}</style></head>
<body><h1>${esc(title)}</h1>${body}</body></html>\n`;

const legendOf = (names: string[]) =>
  names
    .map((m, i) => `<span style="color:${COLORS[i % COLORS.length]}">&#9632; ${esc(m)}</span>`)
    .join(' &nbsp; ');

/** The ranking comparison (`--task ranking`): quality bars, watch time of the top 10, the table. */
export function formatRankingHtml(rows: readonly ScorerResult[], table: string): string {
  const names = rows.map((r) => r.scorer);
  const quality = bars(
    'AUC, watch-time-weighted AUC, NDCG@10 with watch time as gain',
    ['AUC', 'weighted AUC', 'NDCG@10 (wt)'],
    [rows.map((r) => r.auc), rows.map((r) => r.weightedAuc), rows.map((r) => r.ndcg10WatchTime)],
    names,
  );
  const watch = bars(
    'expected watch time of the top 10 (s)',
    ['watch time top 10'],
    [rows.map((r) => r.watchTimeTop10)],
    names,
  );
  return page(
    'reco ranking evaluation',
    `<p>${legendOf(names)}</p>${quality}${watch}<pre>${esc(table)}</pre>`,
  );
}

/** A self-contained HTML report: metric bars, recall@K curves, training loss curves, the table. */
export function formatHtml(report: EvalReport, table: string): string {
  const models = report.results.map((r) => r.model);
  const legend = legendOf(models);
  const ks = [10, 50, 100, 200];
  const metricBars = bars(
    'NDCG@10, MRR, coverage@10',
    ['NDCG@10', 'MRR', 'coverage@10'],
    [
      report.results.map((r) => r.ndcg10),
      report.results.map((r) => r.mrr),
      report.results.map((r) => r.coverage10),
    ],
    models,
  );
  const recall = lines(
    'recall@K for K = 10, 50, 100, 200',
    report.results.map((r) => ({ name: r.model, ys: ks.map((k) => r.recall[k]) })),
  );
  const loss = lines(
    'training loss per epoch',
    report.results.filter((r) => r.curve).map((r) => ({ name: r.model, ys: r.curve!.map((c) => c.loss) })),
  );
  return page('reco evaluation', `<p>${legend}</p>${metricBars}${recall}${loss}<pre>${esc(table)}</pre>`);
}
