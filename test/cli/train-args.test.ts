import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTrainArgs } from '../../src/cli/train.ts';

// `--model` names the model kind in `reco train` but the models directory in `reco serve`:
// the kind must never become the output directory.
test('reco train writes to the models directory whatever --model says', () => {
  const env = process.env.RECO_MODEL_DIR;
  delete process.env.RECO_MODEL_DIR;
  try {
    assert.equal(parseTrainArgs(['--data', 'd']).outDir, 'models');
    assert.equal(parseTrainArgs(['--data', 'd', '--model', 'wals']).outDir, 'models');
    assert.equal(parseTrainArgs(['--data', 'd', '--model', 'wals']).model, 'wals');
    assert.equal(parseTrainArgs(['--data', 'd', '--out', 'elsewhere']).outDir, 'elsewhere');
  } finally {
    if (env !== undefined) process.env.RECO_MODEL_DIR = env;
  }
});
