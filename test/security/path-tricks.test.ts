import assert from 'node:assert/strict';
import { test } from 'node:test';
import { http11, portOf, rawRequest } from '../helpers/raw-http.ts';
import { CLIENT_KEY, secureApp } from '../helpers/secure-app.ts';

// Spellings of an admin route, sent byte for byte (no client-side URL normalisation). Each must
// either match the admin route (and need an admin key) or match nothing (and need a client key
// even to learn that): never run the admin handler without an admin key.
const TRICKS = [
  '/admin/retrain',
  '//admin/retrain',
  '/admin//retrain',
  '/admin/retrain/',
  '/Admin/retrain',
  '/ADMIN/RETRAIN',
  '/%61dmin/retrain',
  '/admin/%72etrain',
  '/healthz/../admin/retrain',
  '/healthz/%2e%2e/admin/retrain',
  '/healthz%2F..%2Fadmin/retrain',
  '/./admin/retrain',
  '/admin/retrain?',
  '/admin/retrain?x=1',
  '/admin/retrain#',
  '/admin/retrain#frag',
  '/admin/retrain;x',
  '/admin/retrain%00',
  '/admin/retrain%20',
  'http://reco.test/admin/retrain',
  '/healthz?/admin/retrain',
  '/readyz#/../admin/retrain',
  '/docs/../admin/retrain',
];

for (const [who, headers] of [
  ['no key', {}],
  ['a client key', { 'x-api-key': CLIENT_KEY }],
  ['a wrong key', { 'x-api-key': 'guess' }],
] as const) {
  test(`path tricks with ${who} never reach the admin handler`, async (t) => {
    const s = await secureApp(t, { authFailureLimit: 0 });
    await s.app.listen({ port: 0, host: '127.0.0.1' });
    for (const path of TRICKS) {
      for (const host of ['reco.test', 'localhost', '127.0.0.1', 'admin', '']) {
        const res = await rawRequest(portOf(s.app), http11('POST', path, { ...headers, host }));
        assert.ok([400, 401, 403, 404].includes(res.status), `${path} (Host ${host}): ${res.status}`);
        if (res.body) assert.equal(typeof JSON.parse(res.body).error.code, 'string', path);
      }
    }
    assert.equal(s.retrains, 0, 'the admin handler never ran');
  });
}

test('the same spellings with the admin key: only the exact route runs the handler', async (t) => {
  const s = await secureApp(t);
  await s.app.listen({ port: 0, host: '127.0.0.1' });
  const ran: string[] = [];
  for (const path of TRICKS) {
    const before = s.retrains;
    await rawRequest(portOf(s.app), http11('POST', path, { 'x-api-key': 'admin-key-9876543210' }));
    if (s.retrains > before) ran.push(path);
  }
  // What the router itself decodes to /admin/retrain: each of these needed the admin key.
  for (const p of ran)
    assert.match(decodeURIComponent(p.replace(/[?#].*$/, '')), /^(http:\/\/reco\.test)?\/admin\/retrain$/);
  assert.ok(ran.includes('/admin/retrain'));
});
