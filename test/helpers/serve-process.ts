import { type ChildProcess, spawn } from 'node:child_process';

/**
 * `reco serve` as a child process, the way operators run it: models and events in `models` and
 * `db`, no polling of `current` (tests reload explicitly), no logs; `extra` adds flags.
 */
export function spawnServe(o: { models: string; db: string; port: number; extra?: string[] }): ChildProcess {
  return spawn(
    process.execPath,
    [
      'bin/reco.js',
      'serve',
      '--model',
      o.models,
      '--db',
      o.db,
      '--port',
      String(o.port),
      '--reload-interval',
      '0',
      '--log-level',
      'silent',
      ...(o.extra ?? []),
    ],
    { stdio: 'ignore' },
  );
}
