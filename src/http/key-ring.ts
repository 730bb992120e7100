import { readFileSync, statSync } from 'node:fs';
import { ConfigError } from '../errors.ts';
import { parseApiKeys } from './api-keys.ts';

interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** Keys in a file: one per line or comma-separated, `#` starts a comment. */
export function readKeyFile(path: string): string {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter(Boolean)
    .join(',');
}

/**
 * The keys of one role: those given inline (RECO_API_KEYS) plus those in a file
 * (RECO_API_KEYS_FILE), which is read again whenever it changes, so keys rotate without a
 * restart: add the new key, move the clients over, remove the old one. A Kubernetes Secret
 * mounted as a volume is such a file (the kubelet swaps it in place).
 *
 * Whether the role needs keys at all is decided once, at start; a file that later turns empty
 * or unreadable leaves a ring that matches nothing (every request refused), never an open door.
 */
export class KeyRing {
  private current: Buffer[];
  private stamp = '';
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly inline: string,
    private readonly file?: string,
    private readonly log?: Log,
  ) {
    this.current = parseApiKeys(inline);
    if (!file) return;
    // At start an unreadable file is fatal: a typo in a path must not serve with fewer keys.
    try {
      statSync(file);
      readKeyFile(file);
    } catch (e) {
      throw new ConfigError(`key file ${file}: ${(e as NodeJS.ErrnoException).code ?? 'unreadable'}`);
    }
    this.refresh(true);
  }

  get hashes(): readonly Buffer[] {
    return this.current;
  }

  get size(): number {
    return this.current.length;
  }

  /** Reads the file again if it changed (or always, with `force`). */
  refresh(force = false): void {
    if (!this.file) return;
    let stamp: string;
    try {
      const st = statSync(this.file);
      stamp = `${st.mtimeMs}:${st.size}:${st.ino}`;
    } catch {
      stamp = 'missing';
    }
    if (!force && stamp === this.stamp) return;
    this.stamp = stamp;
    let fromFile = '';
    try {
      fromFile = readKeyFile(this.file);
    } catch {
      this.log?.warn({ file: this.file }, 'key file unreadable: its keys are no longer accepted');
    }
    const before = this.current.length;
    this.current = parseApiKeys([this.inline, fromFile].filter(Boolean).join(','));
    if (!force) this.log?.info({ file: this.file, keys: this.current.length, before }, 'keys reloaded');
  }

  /** Checks the file every `ms` (unref'd: it never keeps the process alive). */
  watch(ms: number): void {
    if (!this.file || ms <= 0) return;
    this.timer = setInterval(() => this.refresh(), ms);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
