import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { client, secureApp } from '../helpers/secure-app.ts';

/** The open routes the README's security section promises, and nothing else. */
const DOCUMENTED_OPEN = ['/healthz', '/readyz', '/metrics', '/docs', '/openapi.yaml'];
const isDocumented = (url: string) =>
  url === '*' || DOCUMENTED_OPEN.some((p) => url === p || url.startsWith(`${p}/`));

const concrete = (url: string) => url.replace(/:(\w+)/g, 'x1').replace('*', 'index.html');

test('every route but the documented open ones needs a key', async (t) => {
  // One keyless request per route: more routes than the per-IP failure budget, which has its
  // own test (test/http/plugins/failure-limiter.test.ts), so it is lifted here.
  const s = await secureApp(t, { corsOrigins: 'https://app.example', authFailureLimit: 0 });
  const table = s.app.routeAccess;
  assert.ok(table.length >= 20, 'the table holds every route');
  for (const r of table) {
    if (r.access === 'open') {
      assert.ok(isDocumented(r.url), `${r.method} ${r.url} is open but not in the README's list`);
      continue;
    }
    const res = await s.app.inject({ method: r.method as 'GET', url: concrete(r.url) });
    assert.equal(res.statusCode, 401, `${r.method} ${r.url} without a key`);
  }
  for (const url of ['/healthz', '/readyz', '/metrics', '/openapi.yaml', '/docs/json'])
    assert.equal((await s.app.inject({ url })).statusCode, 200, url);
  // Unknown routes: a key is needed even to learn that they do not exist.
  assert.equal((await s.app.inject({ url: '/internal/debug' })).statusCode, 401);
  assert.equal((await s.app.inject({ url: '/internal/debug', headers: client })).statusCode, 404);
});

test('metrics and docs behind a key, or docs off', async (t) => {
  const s = await secureApp(t, { metricsAccess: 'key', docsAccess: 'key' });
  for (const url of ['/metrics', '/openapi.yaml', '/docs/json']) {
    assert.equal((await s.app.inject({ url })).statusCode, 401, url);
    assert.equal((await s.app.inject({ url, headers: client })).statusCode, 200, url);
  }
  assert.equal((await s.app.inject({ url: '/healthz' })).statusCode, 200, 'probes stay open');
  const off = await secureApp(t, { docsAccess: 'off' });
  for (const url of ['/openapi.yaml', '/docs/json'])
    assert.equal((await off.app.inject({ url, headers: client })).statusCode, 404, url);
});

test("the README's security section lists exactly the open routes", () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Security'));
  assert.ok(section.length > 200, 'README has a Security section');
  const end = section.indexOf('\n## ', 5);
  const text = end > 0 ? section.slice(0, end) : section;
  for (const p of DOCUMENTED_OPEN) assert.ok(text.includes(`\`${p}\``), `${p} listed`);
});
