import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { REFUSED_EXIT_CODE, type TrainReport } from '../bundle/guard.ts';
import { isPostgresUrl } from '../events/open.ts';
import type { RetrainOptions, RetrainOutcome, RetrainRunOptions } from './retrain-types.ts';

const BIN = fileURLToPath(new URL('../../bin/reco.js', import.meta.url));

/** The `reco train` command line of one retraining run. */
export function trainCommand(opts: RetrainOptions, run: RetrainRunOptions): string[] {
  const args = [BIN, 'train', '--from-store', '--out', opts.modelDir];
  if (opts.dataDir) args.push('--data', opts.dataDir);
  if (opts.maxShrink !== undefined) args.push('--retrain-max-shrink', String(opts.maxShrink));
  if (opts.keepBundles !== undefined) args.push('--keep-bundles', String(opts.keepBundles));
  if (run.allowShrink) args.push('--allow-shrink');
  if (run.fresh) args.push('--fresh');
  if (opts.trainArgs) args.push(...opts.trainArgs);
  return args;
}

/**
 * Runs `reco train` in a child process (serving keeps its thread; the training gets the other
 * core) and resolves with its exit status and the ends of its output.
 */
export function runTrainChild(
  args: string[],
  storeLocation: string,
  onStart: (child: ChildProcess) => void,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // The store's location goes through the environment: a URL's password stays off `ps`.
    const env = isPostgresUrl(storeLocation)
      ? { ...process.env, RECO_DATABASE_URL: storeLocation }
      : { ...process.env, RECO_DATABASE_URL: '', RECO_DB_PATH: storeLocation };
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    onStart(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout = (stdout + d).slice(-64_000);
    });
    child.stderr.on('data', (d) => {
      stderr = (stderr + d).slice(-2000);
    });
    // 'close', not 'exit': the verdict line must be read to the end first.
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * The verdict `reco train` prints as its one stdout line; the last line that parses is taken, so
 * anything else a library writes there cannot be mistaken for it.
 */
export function parseReport(stdout: string): TrainReport | undefined {
  const lines = stdout.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i].trim();
    if (!line.startsWith('{')) continue;
    try {
      const r = JSON.parse(line) as TrainReport;
      if (r && (r.status === 'served' || r.status === 'refused')) return r;
    } catch {
      // not the verdict
    }
  }
  return undefined;
}

/** A refusal by the guard (its exit status and verdict agree), or undefined. */
export function refusal(
  code: number | null,
  report: TrainReport | undefined,
): Pick<RetrainOutcome, 'status' | 'code' | 'message'> | undefined {
  if (code !== REFUSED_EXIT_CODE || report?.status !== 'refused') return undefined;
  return { status: 'refused', code: report.code, message: report.message };
}

/** Figures without the version, as the outcome's candidate carries them. */
export function candidateFigures(r: TrainReport): RetrainOutcome['candidate'] {
  const { items, users, quality } = r.candidate;
  return quality === undefined ? { items, users } : { items, users, quality };
}
