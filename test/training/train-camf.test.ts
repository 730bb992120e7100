import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { generateWorld } from '../../src/data/demo/world.ts';
import { type CamfConfig, DEFAULT_CAMF } from '../../src/models/baselines/camf.ts';
import type { Progress } from '../../src/training/progress.ts';
import { type CamfResult, trainCamfBaseline } from '../../src/training/train-camf.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const world = generateWorld({ seed: 6, scale: 0.01 });
const cfg: CamfConfig = { ...DEFAULT_CAMF, dim: 4, epochs: 2 };
const out = tempDir('reco-train-camf-');
const lines: string[] = [];
const progress: Progress = { start() {}, tick() {}, stop() {}, log: (l) => lines.push(l) };
let r: CamfResult;
let manifest: {
  kind: string;
  version: string;
  dims: { items: number; users: number; dim: number; conditions: number };
  files: Record<string, string>;
};

before(async () => {
  r = await trainCamfBaseline({ ...world, source: 'tiny' }, out, cfg, progress);
  manifest = JSON.parse(readFileSync(join(r.dir, 'manifest.json'), 'utf8'));
});

test('the artefact is a camf-<time> directory beside the served bundle, with its validation logged', () => {
  assert.match(r.dir.slice(out.length + 1), /^camf-\d{17}$/);
  assert.deepEqual(readdirSync(out), [r.dir.slice(out.length + 1)]);
  assert.equal(manifest.kind, 'camf-baseline');
  assert.match(
    lines[0],
    /^camf: validation recall@10 \d\.\d{3}, recall@100 \d\.\d{3}, NDCG@10 \d\.\d{3} \(\d+ users\)$/,
  );
  assert.ok(r.validation.users > 0);
});

test('every parameter file has the size the dimensions give', () => {
  const { items, users, dim, conditions } = manifest.dims;
  const conditionNames = JSON.parse(readFileSync(join(r.dir, manifest.files.conditions), 'utf8'));
  assert.equal(conditionNames.length, conditions);
  assert.ok(conditionNames.includes('daypart=evening'));
  const size = (name: string) => statSync(join(r.dir, manifest.files[name])).size / 4;
  assert.equal(size('itemFactors'), items * dim);
  assert.equal(size('userFactors'), users * dim);
  assert.equal(size('itemDeviation'), items * conditions);
  assert.equal(size('groupDeviation'), 3 * conditions);
  assert.equal(size('itemGroups'), items);
});
