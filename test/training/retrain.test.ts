import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { generateWorld } from '../../src/data/demo/world.ts';
import { writeDataset } from '../../src/data/loaders/jsonl.ts';
import { initTf } from '../../src/runtime/tf.ts';
import { DEFAULT_PIPELINE_CONFIG, type PipelineConfig } from '../../src/training/pipeline.ts';
import { cleanUp, DEFAULT_TRAIN_GUARD, type TrainGuard, train } from '../../src/training/retrain.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { TINY_RANKER, TINY_RETRIEVAL } from '../helpers/training-world.ts';

const root = tempDir('reco-retrain-');
const out = join(root, 'models');
const full = join(root, 'full');
const small = join(root, 'small');
const config: PipelineConfig = {
  ...DEFAULT_PIPELINE_CONFIG,
  historyLength: 5,
  retrieval: TINY_RETRIEVAL,
  ranker: { ...TINY_RANKER, when: 'never' },
  recallQueries: 10,
};
const guard = (o: Partial<TrainGuard> = {}): TrainGuard => ({ ...DEFAULT_TRAIN_GUARD, keepBundles: 0, ...o });
const bundles = () => readdirSync(out).filter((n) => n !== 'current');
const current = () => realpathSync(join(out, 'current'));

before(async () => {
  await initTf('wasm');
  const world = generateWorld({ seed: 5, scale: 0.01 });
  await writeDataset(full, world);
  // A quarter of the catalogue: a training on it alone would lose 75 % of the items.
  const kept = new Set(world.items.slice(0, 5).map((i) => i.itemId));
  await writeDataset(small, {
    ...world,
    items: world.items.filter((i) => kept.has(i.itemId)),
    events: world.events.filter((e) => kept.has(e.itemId)),
  });
});

test('the guard’s defaults are the settings’', () => {
  assert.equal(DEFAULT_TRAIN_GUARD.maxShrink, 0.5);
  assert.equal(DEFAULT_TRAIN_GUARD.keepBundles, 3);
  assert.equal(DEFAULT_TRAIN_GUARD.allowShrink, undefined);
});

let first: string;
let second: string;

test('the first training is served: there is nothing to compare it with', async () => {
  const { report, result } = await train({ dataDir: full }, out, config, true, guard());
  assert.equal(report.status, 'served');
  assert.match(report.message, /is current \(there was none to compare with\)$/);
  assert.ok(result);
  first = result.manifest.version;
  assert.equal(report.modelVersion, first);
  assert.equal(report.current, undefined);
  assert.equal(current(), realpathSync(result.dir));
});

test('a second one is compared on the shared split, replaces it, and the clean-up deletes the old one', async () => {
  const { report, result } = await train({ dataDir: full }, out, config, true, guard());
  assert.equal(report.status, 'served');
  second = result!.manifest.version;
  assert.equal(report.message, `bundle ${second} replaces ${first}`);
  assert.ok((report.qualityRows ?? 0) > 0, 'the quality was compared');
  assert.equal(typeof report.current?.quality, 'number');
  assert.equal(typeof report.candidate.quality, 'number');
  assert.equal(report.current?.version, first);
  assert.deepEqual(bundles(), [second], 'keepBundles 0: only current stays');
});

test('a bundle that loses most of the catalogue is refused and deleted; current stays', async () => {
  const { report, result } = await train({ dataDir: small }, out, config, true, guard({ fresh: true }));
  assert.equal(result, undefined);
  assert.equal(report.status, 'refused');
  assert.equal(report.code, 'CATALOGUE_SHRANK');
  assert.match(report.message, new RegExp(`the new bundle was deleted and ${second} stays current$`));
  assert.equal(report.qualityRows, undefined, 'the counts decided: no bundle loads for the quality');
  assert.equal(report.candidate.items, 5);
  assert.deepEqual(bundles(), [second]);
  assert.equal(current(), join(realpathSync(out), second));
});

test('without --fresh the current bundle’s catalogue is kept, so the small source is no shrink', async () => {
  const { report, result } = await train({ dataDir: small }, out, config, true, guard());
  assert.equal(report.status, 'served');
  assert.equal(result!.manifest.data.items, 20);
  assert.match(result!.manifest.data.source, / \+ bundle /);
  second = result!.manifest.version;
});

test('allowShrink serves a refused bundle and says what it overrode', async () => {
  const { report, result } = await train(
    { dataDir: small },
    out,
    config,
    true,
    guard({ fresh: true, allowShrink: true }),
  );
  assert.equal(report.status, 'served');
  assert.equal(report.overridden, 'CATALOGUE_SHRANK');
  assert.match(report.message, /\(--allow-shrink\)$/);
  assert.equal(current(), realpathSync(result!.dir));
});

test('an unreadable current bundle is replaced unchecked', async () => {
  writeFileSync(join(current(), 'manifest.json'), '{ not json');
  const { report } = await train({ dataDir: full }, out, config, true, guard());
  assert.equal(report.status, 'served');
  assert.match(report.message, /there was none to compare with/);
});

test('cleanUp logs what it deleted, and a failure instead of throwing', async () => {
  const lines: string[] = [];
  const log = (l: string) => {
    lines.push(l);
  };
  const dir = join(root, 'gc');
  mkdirSync(dir);
  await cleanUp(dir, 1, log);
  assert.equal(lines.length, 0, 'nothing to delete: nothing said');
  const file = join(root, 'not-a-dir');
  writeFileSync(file, '');
  await cleanUp(file, 1, log);
  assert.equal(lines.length, 1);
  assert.match(lines[0], /^clean-up of old bundles failed: /);
  assert.ok(existsSync(file));
});
