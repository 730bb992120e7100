// The index choice's measurements: the median time of one search at the serving depth, exact
// scan against HNSW (at the efSearch reaching the recall target), and HNSW's recall@100, for
// catalogues of growing size. Prints a table and writes bench/results/index.json. What
// `reco train` decides from these figures is tested in test/index/choose.test.ts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { chooseIndex } from '../src/index/choose.ts';
import { DEFAULT_HNSW } from '../src/index/hnsw.ts';
import { randomVectors } from '../test/helpers/random.ts';
import { printTable } from './stats.ts';

const dim = Number(process.env.BENCH_DIM ?? 64);
const sizes = (process.env.BENCH_ITEMS ?? '2000,20000,100000').split(',').map(Number);
const queries = randomVectors(200, dim, 2);
const rows = sizes.map((n) => {
  const t0 = performance.now();
  const c = chooseIndex(randomVectors(n + 1, dim, 1), dim, queries, {
    hnsw: DEFAULT_HNSW,
    targetRecall: 0.99,
    k: 200,
  });
  return {
    items: n,
    'exact ms/search': Number(c.latencyMs.exact.toFixed(3)),
    'hnsw ms/search': Number(c.latencyMs.hnsw.toFixed(3)),
    'hnsw recall@100': Number(c.hnswRecallAt100.toFixed(4)),
    efSearch: c.hnsw.efSearch,
    chosen: c.kind,
    'build+measure s': Number(((performance.now() - t0) / 1000).toFixed(1)),
  };
});
printTable(rows);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/index.json', `${JSON.stringify({ dim, rows }, null, 2)}\n`);
