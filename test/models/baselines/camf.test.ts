import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../../src/data/demo/rng.ts';
import {
  type CamfExample,
  camfPredict,
  camfScores,
  DEFAULT_CAMF,
  fitCamf,
} from '../../../src/models/baselines/camf.ts';

const TV = 0;
const MOBILE = 1;

/**
 * A world where the right answer is known: items 1 and 2 are equally liked overall, but item 1
 * is watched on TV and skipped on mobile, item 2 the other way round; items 3-6 are background.
 */
function planted(): CamfExample[] {
  const out: CamfExample[] = [];
  for (let u = 0; u < 30; u++) {
    out.push({ user: u, item: 1, conditions: [TV], target: 1 });
    out.push({ user: u, item: 1, conditions: [MOBILE], target: 0 });
    out.push({ user: u, item: 2, conditions: [MOBILE], target: 1 });
    out.push({ user: u, item: 2, conditions: [TV], target: 0 });
    out.push({ user: u, item: 3 + (u % 4), conditions: [u % 2 ? TV : MOBILE], target: 1 });
  }
  return out;
}

const cfg = { ...DEFAULT_CAMF, dim: 4, epochs: 30, negatives: 1 };
const shape = { numUsers: 30, numItems: 7, numConditions: 2 };

test('camf recovers a planted item-level context deviation', () => {
  const m = fitCamf(planted(), shape, cfg, createRng(1).next);
  const dev = (item: number, c: number) => m.itemDeviation[item * m.numConditions + c];
  assert.ok(dev(1, TV) - dev(1, MOBILE) > 0.3, `item 1: tv ${dev(1, TV)} vs mobile ${dev(1, MOBILE)}`);
  assert.ok(dev(2, MOBILE) - dev(2, TV) > 0.3, `item 2: mobile ${dev(2, MOBILE)} vs tv ${dev(2, TV)}`);
  for (const u of [0, 7, 21]) {
    const tv = camfScores(m, u, [TV]);
    const mobile = camfScores(m, u, [MOBILE]);
    assert.ok(tv[1] > tv[2], `user ${u} on tv: item 1 first`);
    assert.ok(mobile[2] > mobile[1], `user ${u} on mobile: item 2 first`);
  }
});

test('camf scores are the prediction less μ and b_u; the same seed gives the same model', () => {
  const m = fitCamf(planted(), shape, cfg, createRng(2).next);
  const s = camfScores(m, 3, [TV]);
  for (const i of [1, 4, 6])
    assert.ok(Math.abs(s[i] - (camfPredict(m, 3, i, [TV]) - m.mu - m.userBias[3])) < 1e-5);
  assert.deepEqual(fitCamf(planted(), shape, cfg, createRng(2).next), m);
});

test('a group deviation carries the effect to items of the group', () => {
  // Items 1-2 (group 0) are watched on TV only, items 3-4 (group 1) on mobile only; item 5 of
  // group 0 and item 6 of group 1 are never seen in any context but inherit their group's.
  const ex: CamfExample[] = [];
  for (let u = 0; u < 30; u++) {
    for (const item of [1, 2]) {
      ex.push(
        { user: u, item, conditions: [TV], target: 1 },
        { user: u, item, conditions: [MOBILE], target: 0 },
      );
    }
    for (const item of [3, 4]) {
      ex.push(
        { user: u, item, conditions: [MOBILE], target: 1 },
        { user: u, item, conditions: [TV], target: 0 },
      );
    }
  }
  const groups = Int32Array.from([-1, 0, 0, 1, 1, 0, 1]);
  const m = fitCamf(ex, { ...shape, groups }, { ...cfg, negatives: 0 }, createRng(3).next);
  const tv = camfScores(m, 0, [TV]);
  const mobile = camfScores(m, 0, [MOBILE]);
  assert.ok(tv[5] - tv[6] > mobile[5] - mobile[6] + 0.2, 'item 5 gains on TV against item 6');
});
