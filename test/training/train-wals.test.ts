import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { generateWorld } from '../../src/data/demo/world.ts';
import { buildTimelines } from '../../src/data/interactions.ts';
import { createFeatureSpec } from '../../src/features/spec.ts';
import type { WalsConfig } from '../../src/models/baselines/wals.ts';
import type { Progress } from '../../src/training/progress.ts';
import { trainWalsBaseline, type WalsResult } from '../../src/training/train-wals.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const world = generateWorld({ seed: 6, scale: 0.01 });
const cfg: WalsConfig = { dim: 4, w0: 0.05, lambda: 0.5, iterations: 2, seed: 3 };
const out = tempDir('reco-train-wals-');
const lines: string[] = [];
const progress: Progress = { start() {}, tick() {}, stop() {}, log: (l) => lines.push(l) };
let r: WalsResult;
/** The fields of the baseline's manifest.json these tests read. */
interface WalsManifest {
  kind: string;
  version: string;
  config: WalsConfig;
  dims: { items: number; users: number; dim: number };
  data: { source: string; events: number };
  metrics: { validation: unknown };
  timings: { totalMs: number };
  files: Record<string, string>;
}
let manifest: WalsManifest;

before(async () => {
  r = await trainWalsBaseline({ ...world, source: 'tiny' }, out, cfg, progress);
  manifest = JSON.parse(readFileSync(join(r.dir, 'manifest.json'), 'utf8'));
});

test('the artefact is a wals-<time> directory beside (never as) the served bundle', () => {
  assert.match(r.dir.slice(out.length + 1), /^wals-\d{17}$/);
  assert.deepEqual(readdirSync(out), [r.dir.slice(out.length + 1)], 'no current link, no temp dir left');
  assert.equal(manifest.version, r.dir.slice(out.length + 1));
  assert.ok(!existsSync(join(out, 'current')));
});

test('factors for every item and user of the data, in the order of the id files', () => {
  const spec = createFeatureSpec(world.items, world.users);
  const users = [...buildTimelines(world.events, spec.items).keys()];
  const items = JSON.parse(readFileSync(join(r.dir, 'items.json'), 'utf8'));
  assert.deepEqual(items, spec.items.ids);
  assert.deepEqual(JSON.parse(readFileSync(join(r.dir, 'users.json'), 'utf8')), users);
  assert.equal(statSync(join(r.dir, 'item-factors.f32')).size, items.length * cfg.dim * 4);
  assert.equal(statSync(join(r.dir, 'user-factors.f32')).size, users.length * cfg.dim * 4);
  const buf = readFileSync(join(r.dir, 'user-factors.f32'));
  const f = new Float32Array(buf.buffer, buf.byteOffset, buf.length / 4);
  assert.ok(f.every(Number.isFinite), 'finite factors');
  assert.ok(
    f.some((x) => x !== 0),
    'fitted factors',
  );
  assert.deepEqual(manifest.dims, { items: items.length, users: users.length, dim: cfg.dim });
});

test('the manifest records the config, the data, the validation and its files', () => {
  assert.equal(manifest.kind, 'wals-baseline');
  assert.deepEqual(manifest.config, cfg);
  assert.deepEqual(manifest.data, { source: 'tiny', events: world.events.length });
  assert.deepEqual(manifest.metrics.validation, JSON.parse(JSON.stringify(r.validation)));
  assert.equal(manifest.timings.totalMs, r.ms);
  for (const file of Object.values(manifest.files)) assert.ok(existsSync(join(r.dir, file)), file);
});

test('validation: one held-out watch per user with two or more, ranked over the whole catalogue', () => {
  const spec = createFeatureSpec(world.items, world.users);
  const held = [...buildTimelines(world.events, spec.items).values()].filter((tl) => tl.watches.length >= 2);
  assert.equal(r.validation.users, held.length);
  assert.equal(r.validation.recall[50], 1, 'a 20-item catalogue: every held-out item is in the top 50');
  assert.ok(r.validation.recall[10] > 0 && r.validation.recall[10] < 1);
  assert.equal(lines.length, 1);
  assert.match(lines[0], new RegExp(`^wals: validation recall@10 0\\.\\d{3}, .*\\(${held.length} users\\)$`));
});
