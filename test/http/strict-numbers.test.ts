import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ajv, type ValidateFunction } from 'ajv';
import { numericFields, strictNumbers } from '../../src/http/strict-numbers.ts';

const schema = {
  type: 'object',
  properties: {
    k: { type: 'integer', minimum: 1 },
    w: { type: 'number' },
    name: { type: 'string' },
  },
  additionalProperties: false,
};
const ajv = new Ajv({ coerceTypes: 'array', useDefaults: true, strict: false });
/** Read through a call, so an earlier assertion does not narrow the type. */
const errorsOf = (v: ValidateFunction) => v.errors;
const validate = () => strictNumbers(schema, ajv.compile(schema));

test('numericFields lists integer and number properties only', () => {
  assert.deepEqual(
    [...numericFields(schema)],
    [
      ['k', 'integer'],
      ['w', 'number'],
    ],
  );
  assert.equal(numericFields({ type: 'object' }).size, 0);
  assert.equal(numericFields(undefined).size, 0);
  assert.equal(numericFields({ properties: { a: null } }).size, 0);
});

test('a schema without numeric fields keeps its own validator', () => {
  const s = { type: 'object', properties: { a: { type: 'string' } } };
  const v = ajv.compile(s);
  assert.equal(strictNumbers(s, v), v);
});

test('plain decimals pass and are coerced by Ajv', () => {
  const v = validate();
  const data: Record<string, unknown> = { k: '10', w: '-2.5', name: 'x' };
  assert.equal(v(data), true);
  assert.deepEqual(data, { k: 10, w: -2.5, name: 'x' });
  assert.equal(v({ k: '-3' }), false, 'plain but below the minimum: Ajv still judges it');
  assert.equal(v.errors?.[0].keyword, 'minimum');
});

test('numbers Number() would read differently are refused, naming the field', () => {
  for (const bad of ['0x10', '1e1', ' 10', '10 ', '', '10.0', '+5', '1_000', 'Infinity']) {
    const v = validate();
    const data = { k: bad };
    assert.equal(v(data), false, JSON.stringify(bad));
    assert.equal(data.k, bad, 'not coerced');
    assert.equal(v.errors?.length, 1);
    const [e] = v.errors ?? [];
    assert.equal(e.instancePath, '/k');
    assert.equal(e.keyword, 'type');
    assert.deepEqual(e.params, { type: 'integer' });
    assert.match(e.message ?? '', /plain decimal integer/);
  }
  const v = validate();
  assert.equal(v({ w: '1.' }), false);
  assert.match(v.errors?.[0].message ?? '', /plain decimal number/);
  assert.equal(v({ w: '.5' }), false);
});

test('every bad field is named, also inside a repeated parameter', () => {
  const v = validate();
  assert.equal(v({ k: ['3', '0x3'], w: '1e3' }), false);
  assert.deepEqual(
    v.errors?.map((e) => e.instancePath),
    ['/k', '/w'],
  );
});

test('the quoted value is cut to 40 characters', () => {
  const v = validate();
  v({ k: `0x${'f'.repeat(100)}` });
  const msg = v.errors?.[0].message ?? '';
  assert.ok(msg.includes(JSON.stringify(`0x${'f'.repeat(38)}`)), msg);
  assert.ok(!msg.includes('f'.repeat(39)));
});

test('non-string values and non-objects go straight to Ajv, and errors are cleared on success', () => {
  const v = validate();
  assert.equal(v({ k: 'x' }), false);
  assert.equal(v({ k: 5 }), true);
  assert.equal(v.errors, null);
  assert.equal(v('nope'), false, 'Ajv refuses a non-object');
  assert.equal(errorsOf(v)?.[0].keyword, 'type');
});

test('the wrapper carries the schema and schemaEnv fastify reads', () => {
  const inner = ajv.compile(schema);
  const v = strictNumbers(schema, inner);
  assert.equal(v.schema, inner.schema);
  assert.equal(v.schemaEnv, inner.schemaEnv);
});
