import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

/** A fresh directory under the system temp dir, removed when the test file's tests are done. */
export function tempDir(label = 'reco-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), label));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
