import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { validate as lintDockerfile } from 'dockerfile-utils';
import { parseAllDocuments } from 'yaml';
import { SETTINGS } from '../../src/config/settings.ts';

// No Docker engine or cluster runs here: these checks parse what we ship and hold it to the
// rules that matter (valid YAML, the fields Kubernetes requires, probes on the real paths,
// non-root images, only settings that exist).
const dir = new URL('../../docker/', import.meta.url);
const read = (p: string) => readFileSync(new URL(p, dir), 'utf8');
const knownEnv = new Set(Object.values(SETTINGS).map((s) => s.env));
type Doc = Record<string, any>;

const manifests: Doc[] = readdirSync(new URL('k8s/', dir))
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((f) =>
    parseAllDocuments(read(`k8s/${f}`)).map((d) => {
      assert.deepEqual(d.errors, [], f);
      return { file: f, ...(d.toJSON() as Doc) };
    }),
  );

test('every Kubernetes manifest validates against the Kubernetes API schema of its kind', async () => {
  for (const { file, ...m } of manifests) {
    // kubernetes-models ships one class per API kind, generated from the Kubernetes OpenAPI
    // schemas; validate() throws on unknown fields, wrong types and missing required fields.
    const mod = (await import(`kubernetes-models/${m.apiVersion}`)) as Record<
      string,
      new (
        o: unknown,
      ) => { validate(): void }
    >;
    const Kind = mod[m.kind];
    assert.ok(Kind, `${file}: no schema for ${m.apiVersion} ${m.kind}`);
    assert.doesNotThrow(() => new Kind(m).validate(), `${file}: ${m.kind} ${m.metadata?.name}`);
  }
});

test('the Dockerfiles lint clean', () => {
  for (const f of ['Dockerfile', 'Dockerfile.gpu']) {
    assert.deepEqual(lintDockerfile(read(f)), [], f);
  }
});

test('every Kubernetes manifest has apiVersion, kind and metadata.name', () => {
  assert.ok(manifests.length >= 6);
  for (const m of manifests) {
    assert.ok(typeof m.apiVersion === 'string' && typeof m.kind === 'string', m.file);
    assert.match(m.metadata?.name ?? '', /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, m.file);
  }
});

test('the Deployment probes /healthz and /readyz, requests resources, runs as non-root', () => {
  const dep = manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === 'reco')!;
  const c = dep.spec.template.spec.containers[0];
  assert.equal(c.livenessProbe.httpGet.path, '/healthz');
  assert.equal(c.readinessProbe.httpGet.path, '/readyz');
  assert.ok(c.resources.requests.cpu && c.resources.requests.memory);
  assert.equal(dep.spec.template.spec.securityContext.runAsNonRoot, true);
  assert.deepEqual(dep.spec.selector.matchLabels, dep.spec.template.metadata.labels);
  for (const e of c.env) assert.ok(knownEnv.has(e.name), `unknown setting ${e.name}`);
  const refs = c.envFrom.map((r: Doc) => r.configMapRef?.name ?? r.secretRef?.name);
  for (const name of refs)
    assert.ok(
      manifests.some((m) => m.metadata.name === name),
      `missing ${name}`,
    );
});

test('ConfigMap and Secret only set real settings; the Service targets the Deployment', () => {
  for (const m of manifests.filter((x) => x.kind === 'ConfigMap' || x.kind === 'Secret')) {
    for (const k of Object.keys(m.data ?? m.stringData))
      assert.ok(knownEnv.has(k), `${m.file}: unknown setting ${k}`);
  }
  const svc = manifests.find((m) => m.kind === 'Service' && m.metadata.name === 'reco')!;
  const dep = manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === 'reco')!;
  assert.deepEqual(svc.spec.selector, dep.spec.template.metadata.labels);
  const job = manifests.find((m) => m.kind === 'CronJob')!;
  assert.deepEqual(job.spec.jobTemplate.spec.template.spec.containers[0].args, ['train', '--from-store']);
});

test('several replicas: shared store and state configured, an HPA scales the Deployment', () => {
  const dep = manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === 'reco')!;
  const hpa = manifests.find((m) => m.kind === 'HorizontalPodAutoscaler')!;
  assert.equal(hpa.apiVersion, 'autoscaling/v2');
  assert.deepEqual(hpa.spec.scaleTargetRef, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    name: dep.metadata.name,
  });
  assert.ok(hpa.spec.minReplicas >= 2 && hpa.spec.maxReplicas > hpa.spec.minReplicas);
  // Requests are what utilisation is measured against: without them the HPA cannot work.
  assert.ok(dep.spec.template.spec.containers[0].resources.requests.cpu);
  const secret = manifests.find((m) => m.kind === 'Secret')!;
  const config = manifests.find((m) => m.kind === 'ConfigMap')!;
  assert.match(secret.stringData.RECO_DATABASE_URL, /^postgres:\/\//);
  const redisHost = new URL(config.data.RECO_REDIS_URL).hostname;
  assert.ok(
    manifests.some((m) => m.kind === 'Service' && m.metadata.name === redisHost),
    redisHost,
  );
  const pvc = manifests.find((m) => m.kind === 'PersistentVolumeClaim')!;
  assert.deepEqual(pvc.spec.accessModes, ['ReadWriteMany'], 'replicas on several nodes share the bundles');
});

test('compose file parses and wires the trainer before the server', () => {
  const compose = parseAllDocuments(read('compose.yaml'))[0].toJSON() as Doc;
  assert.equal(compose.services.reco.depends_on.trainer.condition, 'service_completed_successfully');
  assert.equal(compose.services.reco.depends_on.postgres.condition, 'service_healthy');
  assert.match(compose.services.reco.environment.RECO_DATABASE_URL, /@postgres:5432\//);
  for (const k of Object.keys(compose.services.reco.environment)) assert.ok(knownEnv.has(k), k);
});

test('Dockerfiles: pinned base, lockfile install, non-root user, health check', () => {
  for (const f of ['Dockerfile', 'Dockerfile.gpu']) {
    const text = read(f);
    const from = [...text.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
    assert.ok(
      from.length > 0 && from.every((img) => /:[\w.-]+$/.test(img) && !img.endsWith(':latest')),
      `${f}: ${from}`,
    );
    assert.match(text, /npm ci/, f);
    assert.match(text, /^USER\s+(?!root)\S+/m, f);
    assert.match(text, /^HEALTHCHECK .*\/healthz/m, f);
  }
});

test('the pods listen beyond loopback, so their keys come from the Secret; the probes need none', () => {
  const dep = manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === 'reco')!;
  const secret = manifests.find((m) => m.kind === 'Secret')!;
  const c = dep.spec.template.spec.containers[0];
  assert.ok(c.envFrom.some((r: Doc) => r.secretRef?.name === secret.metadata.name));
  assert.ok(secret.stringData.RECO_API_KEYS, 'client keys');
  assert.ok(secret.stringData.RECO_ADMIN_KEYS, 'admin keys');
  for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe].filter(Boolean))
    assert.ok(['/healthz', '/readyz'].includes(probe.httpGet.path), probe.httpGet.path);
  const compose = read('compose.yaml');
  assert.match(compose, /RECO_API_KEYS: \$\{RECO_API_KEYS:\?/, 'compose refuses to start without keys');
});
