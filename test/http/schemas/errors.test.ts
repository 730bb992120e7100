import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ajv } from 'ajv';
import { codesFor } from '../../../src/errors.ts';
import { ErrorBodySchema, errorResponses } from '../../../src/http/schemas/errors.ts';

test('the error body: code and message required, details optional and free-form', () => {
  const validate = new Ajv({ strict: false }).compile(ErrorBodySchema);
  assert.equal(validate({ error: { code: 'X', message: 'y' } }), true);
  assert.equal(validate({ error: { code: 'X', message: 'y', details: [{ field: 'k' }] } }), true);
  assert.equal(validate({ error: { code: 'X' } }), false);
  assert.equal(validate({ error: { message: 'y' } }), false);
  assert.equal(validate({ code: 'X', message: 'y' }), false);
  assert.equal(ErrorBodySchema.$id, 'ErrorBody');
});

test('errorResponses: one $ref to ErrorBody per status, listing the codes that status carries', () => {
  const r = errorResponses(400, 503) as Record<string, { $ref: string; description: string }>;
  assert.deepEqual(Object.keys(r), ['400', '503']);
  for (const status of [400, 503]) {
    const { $ref, description } = r[status];
    assert.equal($ref, 'ErrorBody#');
    const lines = description.split('\n');
    assert.equal(
      lines[0],
      `${status === 400 ? 'Bad Request' : 'Service Unavailable'}, \`error.code\` one of:`,
    );
    assert.deepEqual(
      lines.slice(1),
      codesFor(status).map((c) => `- \`${c.code}\`: ${c.meaning}`),
    );
  }
  assert.match(r[400].description, /`VALIDATION_ERROR`/);
  assert.deepEqual(errorResponses(), {});
});

test('a status no registry code answers is a programming error at load time', () => {
  assert.throws(() => errorResponses(418), /no error code of the registry answers 418/);
  assert.throws(() => errorResponses(200), /answers 200/);
});
