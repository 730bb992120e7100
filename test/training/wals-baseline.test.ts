import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { generateWorld } from '../../src/data/demo/world.ts';
import { DEFAULT_WALS } from '../../src/models/baselines/wals.ts';
import { createProgress } from '../../src/training/progress.ts';
import { trainWalsBaseline } from '../../src/training/train-wals.ts';

test('reco train --model wals: validated factors on disk, the served bundle untouched', async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'reco-wals-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  const world = generateWorld({ seed: 4, scale: 0.1 });
  const r = await trainWalsBaseline(
    { ...world, source: 'wals-test' },
    out,
    DEFAULT_WALS,
    createProgress(false),
  );
  const manifest = JSON.parse(readFileSync(join(r.dir, 'manifest.json'), 'utf8'));
  assert.equal(manifest.kind, 'wals-baseline');
  const items = JSON.parse(readFileSync(join(r.dir, 'items.json'), 'utf8')) as string[];
  assert.equal(statSync(join(r.dir, 'item-factors.f32')).size, items.length * DEFAULT_WALS.dim * 4);
  assert.ok(r.validation.recall[100] > r.validation.recall[10] && r.validation.recall[10] > 0);
  assert.equal(manifest.metrics.validation.users, r.validation.users);
  assert.ok(!existsSync(join(out, 'current')), 'a baseline never becomes the served bundle');
});
