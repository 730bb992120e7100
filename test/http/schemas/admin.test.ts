import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ajv } from 'ajv';
import {
  RetrainOutcomeSchema,
  reloadSchema,
  retrainSchema,
  retrainStatusSchema,
} from '../../../src/http/schemas/admin.ts';

// Query strings as the app reads them: coerced, defaults filled in.
const text = new Ajv({ coerceTypes: 'array', useDefaults: true, strict: false });
const bodies = new Ajv({ strict: false });
bodies.addSchema(RetrainOutcomeSchema);

test('retrain query: wait and allowShrink default to false and read true/false', () => {
  const validate = text.compile(retrainSchema.querystring);
  const none: Record<string, unknown> = {};
  assert.equal(validate(none), true);
  assert.deepEqual(none, { wait: false, allowShrink: false });
  const both: Record<string, unknown> = { wait: 'true', allowShrink: 'false' };
  assert.equal(validate(both), true);
  assert.deepEqual(both, { wait: true, allowShrink: false });
  assert.equal(validate({ wait: 'maybe' }), false);
  assert.equal(validate({ fresh: 'true' }), false, 'fresh stays a command-line decision');
});

test('a retrain outcome: one of four statuses and the time it ended', () => {
  const validate = bodies.compile(RetrainOutcomeSchema);
  for (const status of ['served', 'refused', 'failed', 'unchanged'])
    assert.equal(validate({ status, at: '2026-01-01T00:00:00Z' }), true, status);
  assert.equal(validate({ status: 'running', at: 'x' }), false);
  assert.equal(validate({ status: 'served' }), false, 'at is required');
  assert.equal(
    validate({
      status: 'refused',
      at: 'x',
      code: 'CATALOGUE_SHRANK',
      current: { version: 'v1', items: 10, users: 3, quality: 0.4 },
      candidate: { items: 2, users: 3 },
    }),
    true,
  );
  assert.equal(validate({ status: 'refused', at: 'x', current: { items: 1.5, users: 3 } }), false);
});

test('the answers: 202 started or running, 200 an outcome, status with counts per outcome', () => {
  const accepted = bodies.compile(retrainSchema.response[202]);
  assert.equal(accepted({ status: 'started' }), true);
  assert.equal(accepted({ status: 'running' }), true);
  assert.equal(accepted({ status: 'served' }), false);
  const ok = bodies.compile(retrainSchema.response[200]);
  assert.equal(ok({ status: 'served', at: 'x' }), true);
  const status = bodies.compile(retrainStatusSchema.response[200]);
  assert.equal(status({ running: false, outcomes: { served: 1 } }), true);
  assert.equal(status({ running: false, outcomes: { served: 0.5 } }), false);
  const reload = bodies.compile(reloadSchema.response[200]);
  assert.equal(reload({ changed: true, modelVersion: 'v2' }), true);
  assert.equal(reload({ changed: 'yes', modelVersion: 'v2' }), false);
});

test('the admin operations document their refusals, 409 and 503 where a run can end so', () => {
  assert.ok(['401', '403', '409', '503'].every((s) => s in retrainSchema.response));
  assert.ok(['401', '403', '422'].every((s) => s in reloadSchema.response));
  for (const s of [reloadSchema, retrainSchema, retrainStatusSchema]) assert.deepEqual(s.tags, ['admin']);
});
