import cliProgress from 'cli-progress';

/**
 * Training progress: a bar on an interactive terminal, one log line per epoch otherwise (CI,
 * Kubernetes logs), so the output is readable in both places.
 */
export interface Progress {
  start(total: number, label: string): void;
  tick(loss: number): void;
  stop(summary: string): void;
  /** A one-off line outside any bar. */
  log(line: string): void;
}

export function createProgress(enabled = true): Progress {
  const tty = enabled && process.stderr.isTTY;
  let bar: cliProgress.SingleBar | undefined;
  let label = '';
  return {
    start(total, l) {
      label = l;
      if (!tty) return;
      bar = new cliProgress.SingleBar(
        { format: `${l.padEnd(24)} {bar} {value}/{total} steps | loss {loss}`, stream: process.stderr },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0, { loss: '-' });
    },
    tick(loss) {
      bar?.increment(1, { loss: loss.toFixed(4) });
    },
    stop(summary) {
      bar?.stop();
      bar = undefined;
      if (enabled) process.stderr.write(`${label}: ${summary}\n`);
    },
    log(line) {
      if (enabled) process.stderr.write(`${line}\n`);
    },
  };
}
