import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RANKER_SOURCES_FLAG, rankerSources } from '../../src/cli/ranker-flags.ts';
import { ConfigError } from '../../src/errors.ts';

test('--ranker-sources: on (the default) or off; anything else is a configuration error naming the flag', () => {
  assert.equal(RANKER_SOURCES_FLAG['ranker-sources'].default, 'on');
  assert.equal(rankerSources(undefined), true);
  assert.equal(rankerSources('on'), true);
  assert.equal(rankerSources('off'), false);
  assert.throws(
    () => rankerSources('yes'),
    (e: unknown) =>
      e instanceof ConfigError && /--ranker-sources: expected on or off, got "yes"/.test(e.message),
  );
});
