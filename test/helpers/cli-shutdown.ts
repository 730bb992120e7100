import { createServer } from 'node:net';

type Listener = (...args: unknown[]) => void;

/**
 * What a `reco` command that serves leaves behind in this process: the SIGTERM and SIGINT
 * listeners it added while `f` ran (called directly, never by sending a signal), with
 * process.exit replaced by a recorder for as long as the test needs.
 */
export interface Shutdown<T> {
  result: T;
  term: Listener[];
  int: Listener[];
  /** The exit codes asked for so far. */
  exits: (number | undefined)[];
  /** Resolves with the next exit code asked for. */
  nextExit(): Promise<number | undefined>;
  /** Puts process.exit back and removes the listeners `f` added. */
  restore(): void;
}

export async function trackShutdown<T>(f: () => Promise<T>): Promise<Shutdown<T>> {
  const before = { term: process.listeners('SIGTERM'), int: process.listeners('SIGINT') };
  const realExit = process.exit;
  const exits: (number | undefined)[] = [];
  let waiting: ((code: number | undefined) => void)[] = [];
  process.exit = ((code?: number) => {
    exits.push(code);
    for (const w of waiting) w(code);
    waiting = [];
  }) as typeof process.exit;
  const added = (signal: 'SIGTERM' | 'SIGINT', old: Listener[]) =>
    (process.listeners(signal) as Listener[]).filter((l) => !old.includes(l));
  const restore = () => {
    process.exit = realExit;
    for (const l of added('SIGTERM', before.term as Listener[])) process.removeListener('SIGTERM', l);
    for (const l of added('SIGINT', before.int as Listener[])) process.removeListener('SIGINT', l);
  };
  let result: T;
  try {
    result = await f();
  } catch (e) {
    restore();
    throw e;
  }
  return {
    result,
    term: added('SIGTERM', before.term as Listener[]),
    int: added('SIGINT', before.int as Listener[]),
    exits,
    nextExit: () => new Promise((resolve) => waiting.push(resolve)),
    restore,
  };
}

/** A TCP port that was free a moment ago (for commands that take --port and return no server). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
