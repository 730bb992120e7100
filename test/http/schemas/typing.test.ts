import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Type } from '@sinclair/typebox';
import { Ajv } from 'ajv';
import { refTo, withDefault } from '../../../src/http/schemas/typing.ts';

test('refTo is a $ref to the component by its $id, resolved by the validator', () => {
  const Thing = Type.Object({ n: Type.Integer() }, { $id: 'Thing' });
  const ref = refTo(Thing);
  assert.equal((ref as unknown as { $ref: string }).$ref, 'Thing');
  assert.equal((ref as { properties?: unknown }).properties, undefined, 'not a copy of the schema');
  const ajv = new Ajv({ strict: false });
  ajv.addSchema(Thing);
  const validate = ajv.compile(Type.Array(ref));
  assert.equal(validate([{ n: 1 }]), true);
  assert.equal(validate([{ n: 'x' }]), false);
});

test('refTo refuses a schema without a string $id', () => {
  assert.throws(() => refTo(Type.Object({})));
});

test('withDefault: optional in the contract, filled in by the validator', () => {
  const schema = Type.Object({ k: withDefault(Type.Integer({ default: 10 })), q: Type.String() });
  assert.deepEqual(schema.required, ['q']);
  const validate = new Ajv({ useDefaults: true, strict: false }).compile(schema);
  const data: Record<string, unknown> = { q: 'x' };
  assert.equal(validate(data), true);
  assert.deepEqual(data, { q: 'x', k: 10 });
  const given: Record<string, unknown> = { q: 'x', k: 3 };
  validate(given);
  assert.equal(given.k, 3, 'a value sent is kept');
});
