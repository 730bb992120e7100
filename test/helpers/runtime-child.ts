import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '../..');

/** Absolute file URL of a module under src/ (child scripts live outside the repository). */
export function srcUrl(path: string): string {
  return pathToFileURL(join(root, 'src', path)).href;
}

/**
 * Runs `source` (a TypeScript ES module that prints one JSON line last) in a fresh node process
 * with `env` laid over this one's (undefined removes a variable): for what a process decides once
 * (the backend, the native addon, the kernels registered) and so cannot be changed again in the
 * test's own process. Resolves to the parsed line; rejects with the child's stderr if it fails.
 */
export async function runChild<T = unknown>(
  source: string,
  env: Record<string, string | undefined> = {},
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'reco-runtime-child-'));
  try {
    const file = join(dir, 'child.mts');
    await writeFile(file, source);
    const childEnv: NodeJS.ProcessEnv = { ...process.env };
    for (const [k, v] of Object.entries(env)) {
      if (v === undefined) delete childEnv[k];
      else childEnv[k] = v;
    }
    const stdout = await new Promise<string>((done, fail) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', file],
        { env: childEnv, cwd: root, encoding: 'utf8' },
        (err, out, stderr) => (err ? fail(new Error(`child failed: ${err.message}\n${stderr}`)) : done(out)),
      );
    });
    const lines = stdout.trim().split('\n');
    return JSON.parse(lines[lines.length - 1]) as T;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
