import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../../', import.meta.url));
const redocly = `${root}node_modules/.bin/redocly`;

interface LintReport {
  totals: { errors: number; warnings: number; ignored: number };
  problems: { ruleId: string; message: string; location?: { pointer?: string }[] }[];
}

test('no config or ignore file loosens the lint (fix the schemas instead)', () => {
  for (const f of ['redocly.yaml', '.redocly.yaml', 'redocly.yml', '.redocly.lint-ignore.yaml'])
    assert.equal(existsSync(`${root}${f}`), false, `${f} would change what the lint checks`);
});

test('openapi.yaml passes redocly lint with the recommended rules: no error, no warning', async () => {
  // The CLI exits non-zero on errors; the JSON report on stdout is what is judged either way.
  const { stdout } = await promisify(execFile)(
    redocly,
    ['lint', 'openapi.yaml', '--format', 'json', '--extends', 'recommended'],
    {
      cwd: root,
      // No telemetry or update check: the test runs offline and says nothing to anyone.
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      maxBuffer: 16 * 1024 * 1024,
    },
  ).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
  const report = JSON.parse(stdout) as LintReport;
  const listed = report.problems
    .map((p) => `${p.ruleId} at ${p.location?.[0]?.pointer ?? '?'}: ${p.message}`)
    .join('\n');
  assert.deepEqual(report.totals, { errors: 0, warnings: 0, ignored: 0 }, listed);
});
