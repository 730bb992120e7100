import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseArgs } from 'node:util';
import { RETRIEVAL_FLAGS, retrievalOverrides } from '../../src/cli/retrieval-flags.ts';
import { ConfigError } from '../../src/errors.ts';
import { DEFAULT_RETRIEVAL_CONFIG } from '../../src/training/retrieval-config.ts';

const parse = (...args: string[]) => retrievalOverrides(parseArgs({ args, options: RETRIEVAL_FLAGS }).values);

test('retrieval flags: the defaults without flags, each flag its setting', () => {
  assert.deepEqual(parse(), {
    exampleAge: DEFAULT_RETRIEVAL_CONFIG.exampleAge,
    uniformNegatives: 0,
    hardNegatives: 0,
    itemRepresentation: DEFAULT_RETRIEVAL_CONFIG.itemRepresentation,
    idBuckets: 0,
    sequenceTraining: DEFAULT_RETRIEVAL_CONFIG.sequenceTraining,
    searchInput: true,
  });
  const o = parse(
    '--sequence-training',
    '--example-age',
    '--uniform-negatives',
    '8',
    '--item-representation',
    'id',
  );
  assert.equal(o.sequenceTraining, true);
  assert.equal(o.exampleAge, true);
  assert.equal(o.uniformNegatives, 8);
  assert.equal(o.itemRepresentation, 'id');
});

test('retrieval flags: a bad value names its flag', () => {
  assert.throws(
    () => parse('--hard-negatives=-1'),
    (e: Error) => e instanceof ConfigError && /--hard-negatives/.test(e.message),
  );
  assert.throws(() => parse('--item-representation', 'both2'), /--item-representation/);
});
