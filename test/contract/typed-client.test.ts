import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { test } from 'node:test';
import createClient from 'openapi-fetch';
import { ADMIN_KEY, CLIENT_KEY, secureApp } from '../helpers/secure-app.ts';
import type { paths } from './api.d.ts';
import { API_TYPES_PATH, generateApiTypes } from './api-types.ts';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

/**
 * The contract as a client meets it: openapi-fetch, typed by the types openapi-typescript
 * generates from openapi.yaml, against the real app on a real port. If a route answered other
 * than the document says, this file would stop compiling (tsc) or these assertions would fail.
 */
async function serve(t: TestContext) {
  const s = await secureApp(t);
  await s.app.listen({ port: 0, host: '127.0.0.1' });
  const address = s.app.server.address();
  if (!address || typeof address === 'string') throw new Error('the app is not listening on TCP');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  // `secure` itself, not a copy: its counters move as the admin routes are called.
  return {
    secure: s,
    store: s.store,
    anonymous: createClient<paths>({ baseUrl }),
    client: createClient<paths>({ baseUrl, headers: { 'x-api-key': CLIENT_KEY } }),
    admin: createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${ADMIN_KEY}` } }),
  };
}

test(`${API_TYPES_PATH} is what openapi-typescript makes of openapi.yaml (run \`npm run openapi\`)`, async () => {
  const generated = await generateApiTypes(read('openapi.yaml'));
  assert.match(generated, /export interface paths/);
  assert.equal(generated, read(API_TYPES_PATH));
});

test('events in, recommendations and similar items out, through the typed client', async (t) => {
  const { client, store } = await serve(t);
  const posted = await client.POST('/events', {
    body: [
      { userId: 'u1', itemId: 'i1', type: 'watch', watchTime: 30, eventId: 'e1' },
      { userId: 'u1', itemId: 'i2', type: 'like', eventId: 'e2' },
    ],
  });
  assert.equal(posted.response.status, 202);
  assert.deepEqual(posted.data, { accepted: 2, duplicates: 0 });
  assert.equal(await store.count(), 2);

  const rec = await client.GET('/recommendations/{userId}', {
    params: { path: { userId: 'u1' }, query: { k: 3 } },
  });
  assert.equal(rec.response.status, 200);
  assert.equal(rec.data?.userId, 'u1');
  assert.equal(rec.data?.items.length, 3);
  // The watched item left the list (the fake engine honours watches, as the real one does).
  assert.ok(!rec.data?.items.some((i) => i.itemId === 'i1'));
  assert.deepEqual(
    rec.data?.items.map((i) => i.rank),
    [1, 2, 3],
  );

  const similar = await client.GET('/items/{itemId}/similar', {
    params: { path: { itemId: 'i7' }, query: { k: 2, userId: 'u1' } },
  });
  assert.equal(similar.response.status, 200);
  assert.equal(similar.data?.itemId, 'i7');
  assert.equal(similar.data?.items.length, 2);
});

test('the probes answer without a key', async (t) => {
  const { anonymous } = await serve(t);
  const live = await anonymous.GET('/healthz');
  assert.deepEqual(live.data, { status: 'ok' });
  const ready = await anonymous.GET('/readyz');
  assert.deepEqual(ready.data, { status: 'ready', modelVersion: 'fake-1' });
});

test('admin operations with the admin key (as a bearer token)', async (t) => {
  const { admin, secure } = await serve(t);
  const reload = await admin.POST('/admin/reload');
  assert.equal(reload.response.status, 200);
  assert.equal(reload.data?.modelVersion, 'fake-1');
  assert.equal(secure.reloads, 1);
  const started = await admin.POST('/admin/retrain', { params: { query: { wait: false } } });
  assert.equal(started.response.status, 202);
  assert.deepEqual(started.data, { status: 'started' });
  const status = await admin.GET('/admin/retrain');
  assert.equal(status.data?.running, false);
  assert.equal(status.data?.outcomes.served, 1);
});

test('4xx answers carry the documented error body', async (t) => {
  const { anonymous, client } = await serve(t);
  const unknown = await client.GET('/items/{itemId}/similar', { params: { path: { itemId: 'nope' } } });
  assert.equal(unknown.response.status, 404);
  assert.equal(unknown.data, undefined);
  assert.equal(unknown.error?.error.code, 'ITEM_NOT_FOUND');
  assert.equal(typeof unknown.error?.error.message, 'string');

  const noKey = await anonymous.GET('/recommendations/{userId}', { params: { path: { userId: 'u1' } } });
  assert.equal(noKey.response.status, 401);
  assert.equal(noKey.error?.error.code, 'UNAUTHORIZED');

  const clientOnAdmin = await client.POST('/admin/reload');
  assert.equal(clientOnAdmin.response.status, 403);
  assert.equal(clientOnAdmin.error?.error.code, 'FORBIDDEN');

  const invalid = await client.POST('/events', {
    // A type the contract does not have: the compiler refuses it too, hence the cast.
    body: { userId: 'u1', itemId: 'i1', type: 'purchase' as 'watch' },
  });
  assert.equal(invalid.response.status, 400);
  assert.equal(invalid.error?.error.code, 'VALIDATION_ERROR');
  assert.ok(Array.isArray(invalid.error?.error.details));
});
