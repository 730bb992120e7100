// Loads a data directory's events one way and prints `events seconds` on one line, for
// bench/scale.bench.ts to run under /usr/bin/time (peak RSS): `columns` is readDataset, which
// streams events.jsonl into typed arrays (src/data/loaders/event-columns.ts), what `reco train`
// reads; `objects` is the same events then held as one array of objects, as training once did.
import { readDataset } from '../src/data/loaders/jsonl.ts';

const [how, dir] = process.argv.slice(2);
const t0 = performance.now();
const { events } = await readDataset(dir);
const n = how === 'objects' ? [...events].length : events.length;
process.stdout.write(`${n} ${((performance.now() - t0) / 1000).toFixed(2)}\n`);
