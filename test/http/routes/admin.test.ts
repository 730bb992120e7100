import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFastify } from '../../../src/http/fastify.ts';
import { adminRoutes, type RetrainControl } from '../../../src/http/routes/admin.ts';
import type { RetrainOutcome } from '../../../src/serving/retrainer.ts';

/** The admin routes alone (no access check: that is auth.ts), over a scripted retrain. */
async function app(
  t: import('node:test').TestContext,
  o: { reload?: boolean; retrain?: Partial<RetrainControl> | false; outcome?: RetrainOutcome } = {},
) {
  const calls: unknown[] = [];
  const a = createFastify({});
  const access: string[] = [];
  a.addHook('onRoute', (r) => {
    if (r.method !== 'HEAD') access.push(`${r.method} ${r.url} ${r.config?.access}`);
  });
  const retrain: RetrainControl = {
    start: (opts) => {
      calls.push(['start', opts]);
      return 'started';
    },
    run: async (opts) => {
      calls.push(['run', opts]);
      return o.outcome;
    },
    status: () => ({
      running: false,
      last: o.outcome,
      outcomes: { served: 1, refused: 0, failed: 0, unchanged: 0 },
    }),
    ...(o.retrain || {}),
  };
  await a.register(adminRoutes, {
    reload:
      o.reload === false
        ? undefined
        : async () => ({ changed: true, modelVersion: 'v2', previousVersion: 'v1' }),
    retrain: o.retrain === false ? undefined : retrain,
  });
  await a.ready();
  t.after(() => a.close());
  return { a, calls, access, post: (url: string) => a.inject({ method: 'POST', url }) };
}

const outcome = (o: Partial<RetrainOutcome>): RetrainOutcome => ({
  status: 'served',
  at: '2026-01-01T00:00:00.000Z',
  ...o,
});

test('routes exist only where the server has what they need, and all are admin routes', async (t) => {
  const none = await app(t, { reload: false, retrain: false });
  assert.equal((await none.post('/admin/reload')).statusCode, 404);
  assert.equal((await none.post('/admin/retrain')).statusCode, 404);
  assert.equal((await none.a.inject({ url: '/admin/retrain' })).statusCode, 404);
  assert.deepEqual(none.access, []);
  const reloadOnly = await app(t, { retrain: false });
  assert.deepEqual(reloadOnly.access, ['POST /admin/reload admin']);
  const { access } = await app(t);
  assert.deepEqual(access, [
    'POST /admin/reload admin',
    'POST /admin/retrain admin',
    'GET /admin/retrain admin',
  ]);
});

test('POST /admin/reload answers what the reload did', async (t) => {
  const { post } = await app(t);
  const res = await post('/admin/reload');
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json(), { changed: true, modelVersion: 'v2', previousVersion: 'v1' });
});

test('POST /admin/retrain starts in the background: 202 with started or running', async (t) => {
  const s = await app(t);
  const res = await s.post('/admin/retrain');
  assert.equal(res.statusCode, 202);
  assert.deepEqual(res.json(), { status: 'started' });
  const joined = await app(t, { retrain: { start: () => 'running' } });
  assert.deepEqual((await joined.post('/admin/retrain?allowShrink=true')).json(), { status: 'running' });
  assert.deepEqual(s.calls, [['start', { allowShrink: false }]], 'allowShrink defaults to false');
});

test('wait=true answers the outcome: 200 when it served or changed nothing', async (t) => {
  for (const status of ['served', 'unchanged'] as const) {
    const s = await app(t, { outcome: outcome({ status, modelVersion: 'v3' }) });
    const res = await s.post('/admin/retrain?wait=true&allowShrink=true');
    assert.equal(res.statusCode, 200, status);
    assert.equal(res.json().status, status);
    assert.equal(res.json().modelVersion, 'v3');
    assert.deepEqual(s.calls, [['run', { allowShrink: true }]]);
  }
});

test('wait=true when the run happens elsewhere (another worker) is a 202 started', async (t) => {
  const { post } = await app(t, { outcome: undefined });
  const res = await post('/admin/retrain?wait=true');
  assert.equal(res.statusCode, 202);
  assert.deepEqual(res.json(), { status: 'started' });
});

test('a refused run is 409 with its code, message and the outcome as details', async (t) => {
  const refused = outcome({ status: 'refused', code: 'QUALITY_DROPPED', message: 'worse by 5 %' });
  const { post } = await app(t, { outcome: refused });
  const res = await post('/admin/retrain?wait=true');
  assert.equal(res.statusCode, 409);
  assert.deepEqual(res.json(), {
    error: { code: 'QUALITY_DROPPED', message: 'worse by 5 %', details: refused },
  });
});

test('without a code a refusal is RETRAIN_REFUSED (409), a failure TRAINING_FAILED (503), with a default message', async (t) => {
  const r = await (await app(t, { outcome: outcome({ status: 'refused' }) })).post(
    '/admin/retrain?wait=true',
  );
  assert.equal(r.statusCode, 409);
  assert.equal(r.json().error.code, 'RETRAIN_REFUSED');
  assert.equal(r.json().error.message, 'the retraining was refused; the current model keeps serving');
  const f = await (await app(t, { outcome: outcome({ status: 'failed' }) })).post('/admin/retrain?wait=true');
  assert.equal(f.statusCode, 503);
  assert.equal(f.json().error.code, 'TRAINING_FAILED');
  assert.equal(f.json().error.message, 'the retraining failed; the current model keeps serving');
});

test("a registered code answers its own status; an unknown one its outcome's", async (t) => {
  const reload = await app(t, { outcome: outcome({ status: 'failed', code: 'RELOAD_REFUSED' }) });
  assert.equal((await reload.post('/admin/retrain?wait=true')).statusCode, 503);
  const shrank = await app(t, { outcome: outcome({ status: 'failed', code: 'CATALOGUE_SHRANK' }) });
  assert.equal((await shrank.post('/admin/retrain?wait=true')).statusCode, 409, 'the registry’s status wins');
  const novel = await app(t, { outcome: outcome({ status: 'refused', code: 'SOMETHING_NEW' }) });
  const res = await novel.post('/admin/retrain?wait=true');
  assert.equal(res.statusCode, 409);
  assert.equal(res.json().error.code, 'SOMETHING_NEW');
});

test('GET /admin/retrain answers the status; unknown or mis-typed parameters are 400', async (t) => {
  const last = outcome({ status: 'served', modelVersion: 'v9' });
  const { a, post } = await app(t, { outcome: last });
  const res = await a.inject({ url: '/admin/retrain' });
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json(), {
    running: false,
    last,
    outcomes: { served: 1, refused: 0, failed: 0, unchanged: 0 },
  });
  for (const q of ['fresh=true', 'wait=maybe', 'allowShrink=2']) {
    const bad = await post(`/admin/retrain?${q}`);
    assert.equal(bad.statusCode, 400, q);
    assert.equal(bad.json().error.code, 'VALIDATION_ERROR', q);
  }
});
