import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RetrainOutcome } from '../../src/serving/retrainer.ts';
import { admin, client, secureApp } from '../helpers/secure-app.ts';

const refused: RetrainOutcome = {
  status: 'refused',
  at: '2026-12-06T12:00:00.000Z',
  code: 'CATALOGUE_SHRANK',
  message: 'the new catalogue holds 10 items, the served one 500 (-98 %, more than the 50 % allowed)',
  current: { version: 'v1', items: 500, users: 1000 },
  candidate: { items: 10, users: 1 },
};

test('POST /admin/retrain?wait=true says when a retrain was refused: 409, the code, the figures; /metrics too', async (t) => {
  const calls: unknown[] = [];
  let last: RetrainOutcome | undefined;
  const s = await secureApp(t, {
    retrain: {
      start: (o) => {
        calls.push(o);
        return 'started';
      },
      run: async (o) => {
        calls.push(o);
        last = (o as { allowShrink?: boolean }).allowShrink
          ? { ...refused, status: 'served', code: undefined }
          : refused;
        return last;
      },
      status: () => ({
        running: false,
        last,
        outcomes: { served: 0, refused: last ? 1 : 0, failed: 0, unchanged: 0 },
      }),
    },
  });
  const res = await s.app.inject({ method: 'POST', url: '/admin/retrain?wait=true', headers: admin });
  assert.equal(res.statusCode, 409);
  const body = res.json();
  assert.equal(body.error.code, 'CATALOGUE_SHRANK');
  assert.equal(body.error.details.candidate.items, 10);
  const status = await s.app.inject({ url: '/admin/retrain', headers: admin });
  assert.equal(status.json().last.code, 'CATALOGUE_SHRANK');
  assert.equal((await s.app.inject({ url: '/admin/retrain', headers: client })).statusCode, 403);
  const metrics = (await s.app.inject({ url: '/metrics' })).body;
  assert.match(metrics, /reco_retrain_last_refused\{code="CATALOGUE_SHRANK"\} 1/);
  assert.match(metrics, /reco_retrain_runs\{status="refused"\} 1/);
  const forced = await s.app.inject({
    method: 'POST',
    url: '/admin/retrain?wait=true&allowShrink=true',
    headers: admin,
  });
  assert.equal(forced.statusCode, 200);
  assert.equal(forced.json().status, 'served');
  const bg = await s.app.inject({ method: 'POST', url: '/admin/retrain', headers: admin });
  assert.equal(bg.statusCode, 202);
  assert.deepEqual(calls, [{ allowShrink: false }, { allowShrink: true }, { allowShrink: false }]);
  assert.equal(
    (await s.app.inject({ method: 'POST', url: '/admin/retrain?wait=1e0', headers: admin })).statusCode,
    400,
  );
});
