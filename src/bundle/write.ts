import { mkdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const CURRENT = 'current';

/**
 * Writes a bundle atomically: everything goes into a temporary directory that is renamed to
 * `<modelsDir>/<version>` only when complete, then `<modelsDir>/current` is repointed with a
 * symlink rename, so a reader never sees a half-written bundle.
 *
 * @param fill writes the bundle's files into the directory it is given.
 * @returns the final bundle directory.
 */
export async function writeBundle(
  modelsDir: string,
  version: string,
  fill: (dir: string) => Promise<void>,
  /** Repoint `current` at it (false for artefacts that are not served, like the WALS baseline). */
  opts: { current?: boolean } = {},
): Promise<string> {
  await mkdir(modelsDir, { recursive: true });
  const tmp = join(modelsDir, `.tmp-${version}-${process.pid}`);
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp);
  try {
    await fill(tmp);
    await rename(tmp, join(modelsDir, version));
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  if (opts.current !== false) await pointCurrent(modelsDir, version);
  return join(modelsDir, version);
}

/** Repoints `<modelsDir>/current` at `version` (relative symlink, atomic rename). */
export async function pointCurrent(modelsDir: string, version: string): Promise<void> {
  const link = join(modelsDir, `.current-${process.pid}`);
  await rm(link, { force: true });
  await symlink(version, link);
  await rename(link, join(modelsDir, CURRENT));
}

export async function writeJson(dir: string, name: string, value: unknown): Promise<string> {
  await writeFile(join(dir, name), JSON.stringify(value));
  return name;
}
