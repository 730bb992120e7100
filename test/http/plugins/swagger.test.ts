import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Type } from '@sinclair/typebox';
import { createFastify } from '../../../src/http/fastify.ts';
import { declareAccess } from '../../../src/http/plugins/auth.ts';
import { registerSwagger } from '../../../src/http/plugins/swagger.ts';
import { errorResponses } from '../../../src/http/schemas/errors.ts';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));

type Op = { security?: unknown[]; responses: Record<string, unknown> };
type Doc = {
  openapi: string;
  info: { title: string; version: string; license: { name: string } };
  servers: { url: string; variables: Record<string, { default: string }> }[];
  paths: Record<string, Record<string, Op>>;
  components: { schemas?: Record<string, unknown>; securitySchemes: Record<string, unknown> };
  tags: { name: string }[];
};

/** A bare instance (shared schemas, access table) with the document and three small routes. */
async function app(t: import('node:test').TestContext, ui: boolean) {
  const a = createFastify({});
  declareAccess(a, []);
  await registerSwagger(a, { ui });
  const schema = { response: { 200: Type.Object({ ok: Type.Boolean() }), ...errorResponses(400) } };
  a.get('/client', { schema }, async () => ({ ok: true }));
  a.post('/admin', { schema, config: { access: 'admin' } }, async () => ({ ok: true }));
  a.get('/probe', { schema, config: { access: 'open' } }, async () => ({ ok: true }));
  a.get('/hidden', { schema: { hide: true } }, async () => 'x');
  await a.ready();
  t.after(() => a.close());
  return { a, doc: a.swagger() as unknown as Doc };
}

test('an OpenAPI 3.1 document named after the package, with a templated server', async (t) => {
  const { doc } = await app(t, false);
  assert.equal(doc.openapi, '3.1.0');
  assert.equal(doc.info.title, 'reco');
  assert.equal(doc.info.version, pkg.version);
  assert.equal(doc.info.license.name, pkg.license);
  assert.equal(doc.servers[0].url, '{scheme}://{host}:{port}');
  assert.equal(doc.servers[0].variables.port.default, '3000');
  assert.deepEqual(
    doc.tags.map((x) => x.name),
    ['recommendations', 'events', 'items', 'users', 'health', 'admin'],
  );
  assert.deepEqual(Object.keys(doc.components.securitySchemes).sort(), [
    'adminBearer',
    'adminKey',
    'clientBearer',
    'clientKey',
  ]);
});

test("each operation's security is derived from its route's access; hidden routes stay out", async (t) => {
  const { doc } = await app(t, false);
  assert.deepEqual(Object.keys(doc.paths).sort(), ['/admin', '/client', '/probe']);
  assert.deepEqual(doc.paths['/probe'].get.security, []);
  assert.deepEqual(doc.paths['/admin'].post.security, [{ adminKey: [] }, { adminBearer: [] }]);
  assert.equal(doc.paths['/client'].get.security?.length, 4);
});

test('shared components are named after their $id, not def-N', async (t) => {
  const { doc } = await app(t, false);
  const names = Object.keys(doc.components.schemas ?? {});
  assert.ok(names.includes('ErrorBody'), names.join(', '));
  assert.ok(!names.some((n) => /^def-\d+$/.test(n)), names.join(', '));
  assert.match(
    JSON.stringify(doc.paths['/client'].get.responses['400']),
    /#\/components\/schemas\/ErrorBody/,
  );
});

test('without the UI neither /docs nor /openapi.yaml is served', async (t) => {
  const { a } = await app(t, false);
  assert.equal((await a.inject({ url: '/docs/' })).statusCode, 404);
  assert.equal((await a.inject({ url: '/openapi.yaml' })).statusCode, 404);
});

test('with the UI: /openapi.yaml is the committed file as YAML, /docs has its own CSP', async (t) => {
  const { a } = await app(t, true);
  const yaml = await a.inject({ url: '/openapi.yaml' });
  assert.equal(yaml.statusCode, 200);
  assert.match(String(yaml.headers['content-type']), /^application\/yaml/);
  assert.equal(yaml.body, readFileSync(new URL('../../../openapi.yaml', import.meta.url), 'utf8'));
  const docs = await a.inject({ url: '/docs/' });
  assert.equal(docs.statusCode, 200);
  const csp = String(docs.headers['content-security-policy']);
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /upgrade-insecure-requests/, 'the UI works over plain http on localhost');
  const json = await a.inject({ url: '/docs/json' });
  assert.deepEqual(Object.keys(json.json().paths).sort(), ['/admin', '/client', '/probe']);
});
