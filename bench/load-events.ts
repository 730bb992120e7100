// Loads a data directory's events one way and prints `events seconds` on one line, for
// bench/scale.bench.ts to run under /usr/bin/time (peak RSS): `columns` streams events.jsonl into
// typed arrays (src/data/loaders/event-columns.ts), `array` is readDataset's array of objects.
import { join } from 'node:path';
import { readEventColumns } from '../src/data/loaders/event-columns.ts';
import { readDataset } from '../src/data/loaders/jsonl.ts';

const [how, dir] = process.argv.slice(2);
const t0 = performance.now();
const n =
  how === 'columns'
    ? (await readEventColumns(join(dir, 'events.jsonl'))).size
    : (await readDataset(dir)).events.length;
process.stdout.write(`${n} ${((performance.now() - t0) / 1000).toFixed(2)}\n`);
