/**
 * What a `reco` command wrote, caught in this process: the string chunks written to stdout and
 * stderr while `f` runs (the test runner's own reports are Buffers and pass through untouched).
 */
export interface Captured<T> {
  stdout: string;
  stderr: string;
  result?: T;
  error?: unknown;
}

export async function capture<T>(f: () => Promise<T>): Promise<Captured<T>> {
  const out = { stdout: '', stderr: '' };
  const saved = { stdout: process.stdout.write, stderr: process.stderr.write };
  const tap = (name: 'stdout' | 'stderr') =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      if (typeof chunk === 'string') {
        out[name] += chunk;
        const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
        cb?.();
        return true;
      }
      return (saved[name] as (...a: unknown[]) => boolean).call(process[name], chunk, ...rest);
    }) as typeof process.stdout.write;
  process.stdout.write = tap('stdout');
  process.stderr.write = tap('stderr');
  try {
    const result = await f();
    return { ...out, result };
  } catch (error) {
    return { ...out, error };
  } finally {
    process.stdout.write = saved.stdout;
    process.stderr.write = saved.stderr;
  }
}

/** The error a capture caught, asserted to be there. */
export function failure<T>(c: Captured<T>): Error & { code?: string } {
  if (c.error === undefined) throw new Error(`expected the command to fail; it wrote ${c.stderr}`);
  return c.error as Error & { code?: string };
}

/**
 * Removes every RECO_* variable from this process's environment, so that a command's settings
 * come from its flags and defaults alone (each test file runs in its own process).
 */
export function clearRecoEnv(): void {
  for (const k of Object.keys(process.env)) if (k.startsWith('RECO_')) delete process.env[k];
}
