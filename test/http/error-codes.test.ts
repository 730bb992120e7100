import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { codesFor, isErrorCode, messageOf, recoError, statusOf } from '../../src/errors.ts';
import { build } from '../helpers/build-app.ts';

const SRC = new URL('../../src/', import.meta.url);

/** Every error code spelled out in src/: raised, subclassed, or named by an outcome. */
function codesInSource(): Map<string, string> {
  const found = new Map<string, string>();
  const pattern = /(?:RecoError\(\s*|recoError\(\s*|super\(\s*|code: )'([A-Z][A-Z0-9_]{2,})'/g;
  for (const file of readdirSync(SRC, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.ts')) continue;
    const text = readFileSync(new URL(file, SRC), 'utf8');
    for (const m of text.matchAll(pattern)) found.set(m[1], file);
  }
  return found;
}

test('every error code raised anywhere in src/ is in the registry', () => {
  const codes = codesInSource();
  assert.ok(codes.size > 10, 'the scan found the codes');
  for (const [code, file] of codes) assert.ok(isErrorCode(code), `${code} (${file}) is not registered`);
});

test('a registered error takes its status and wording from the registry', () => {
  const e = recoError('ITEM_NOT_FOUND', { itemId: 'x' });
  assert.equal(e.statusCode, 404);
  assert.equal(e.message, `item "x" is not in the model's catalogue`);
  assert.equal(recoError('RATE_LIMITED', { limit: 'auth_failures', seconds: 3 }).statusCode, 429);
  assert.equal(statusOf('RELOAD_REFUSED'), 503);
  assert.equal(messageOf('MODEL_NOT_READY'), 'no model bundle is loaded yet');
});

test('openapi.yaml documents each code under the status it answers with', async (t) => {
  const { app } = await build(t);
  type Responses = Record<string, { description?: string }>;
  const doc = app.swagger() as unknown as { paths: Record<string, Record<string, { responses: Responses }>> };
  let checked = 0;
  for (const methods of Object.values(doc.paths)) {
    for (const op of Object.values(methods)) {
      for (const [status, r] of Object.entries(op.responses)) {
        if (Number(status) < 400) continue;
        const expected = codesFor(Number(status)).map((c) => c.code);
        const listed = [...(r.description ?? '').matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]);
        assert.deepEqual(listed, expected, `${status} lists the registry's codes`);
        checked++;
      }
    }
  }
  assert.ok(checked > 20);
});
