import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { type RecoError, recoError } from '../../errors.ts';

/**
 * What is wrong with one line of a data file. Never escapes a loader: {@link eachLine} turns it
 * (and anything else a line's parser throws) into a DATA_INVALID error naming file and line.
 */
export class LineError extends Error {}

/** A data file or directory `reco train` / `reco evaluate` cannot use. */
export function dataError(path: string, problem: string, line?: number): RecoError {
  return recoError('DATA_INVALID', line === undefined ? { path, problem } : { path, line, problem });
}

/**
 * Streams a file's non-empty lines with their 1-based numbers (`skipHeader`: not the first);
 * whatever `f` throws fails the read as `path:line: message`.
 */
export async function eachLine(
  path: string,
  encoding: BufferEncoding,
  f: (line: string, n: number) => void,
  skipHeader = false,
): Promise<void> {
  const rl = createInterface({
    input: createReadStream(path, { encoding }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let n = 0;
  for await (const line of rl) {
    n++;
    if ((skipHeader && n === 1) || line.trim() === '') continue;
    try {
      f(line, n);
    } catch (e) {
      throw dataError(path, (e as Error).message, n);
    }
  }
}
