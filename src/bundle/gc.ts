import { lstat, readdir, readFile, realpath, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { freshLeases, LEASE_TTL_MS } from './lease.ts';
import { CURRENT } from './write.ts';

/**
 * The directory names `reco train` gives served bundles (`runPipeline`'s version: UTC
 * `YYYYMMDD-HHMMSSmmm` and 8 hex digits of the data fingerprint) and WALS baselines
 * (`wals-YYYYMMDDHHMMSSmmm`). Anything else in a models directory is somebody else's and stays,
 * whatever it contains. Both sort by name in creation order.
 */
export const BUNDLE_NAME = /^\d{8}-\d{9}-[0-9a-f]{8}$/;
const WALS_NAME = /^wals-\d{17}$/;

export interface GcOptions {
  /** Served bundles kept besides `current` (the newest ones); WALS baselines kept likewise. */
  keep: number;
  /** For tests: the clock and lease TTL the freshness of leases is judged by. */
  now?: number;
  leaseTtlMs?: number;
  /** List what would go without deleting anything. */
  dryRun?: boolean;
}

export interface GcResult {
  /** The bundle `current` points at (name), if it is in this directory. */
  current?: string;
  /** Kept because they are among the newest. */
  kept: string[];
  /** Kept only because a server holds a fresh lease on them. */
  leased: string[];
  /** Deleted (or, with dryRun, to delete), newest first. */
  removed: string[];
}

type Kind = 'bundle' | 'wals';

/**
 * A directory counts as ours only when its name is one `reco train` gives, it is a real
 * directory (a symlink is never followed: it may point anywhere), and its manifest says it is
 * the bundle of that name. A half-written `.tmp-*` directory fails the name test and stays: it
 * may belong to a training running now.
 */
async function kindOf(modelsDir: string, name: string): Promise<Kind | undefined> {
  const kind: Kind | undefined = BUNDLE_NAME.test(name)
    ? 'bundle'
    : WALS_NAME.test(name)
      ? 'wals'
      : undefined;
  if (!kind) return undefined;
  const dir = join(modelsDir, name);
  const st = await lstat(dir).catch(() => undefined);
  if (!st?.isDirectory()) return undefined;
  const mst = await lstat(join(dir, 'manifest.json')).catch(() => undefined);
  if (!mst?.isFile()) return undefined;
  try {
    const m = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as {
      version?: unknown;
      kind?: unknown;
      formatVersion?: unknown;
    };
    if (m.version !== name) return undefined;
    if (kind === 'wals' ? m.kind !== 'wals-baseline' : typeof m.formatVersion !== 'number') return undefined;
    return kind;
  } catch {
    return undefined;
  }
}

async function currentTarget(modelsDir: string): Promise<string | undefined> {
  return realpath(join(modelsDir, CURRENT)).catch(() => undefined);
}

/**
 * Deletes old bundles from a models directory: keeps the one `current` points at, the newest
 * `keep` other served bundles, and any bundle a live server holds a lease on (see
 * {@link ./lease.ts}); WALS baselines (never served, so never leased or current) are kept
 * newest `keep` on their own, so a nightly baseline job does not fill the volume either.
 *
 * Safe against a training that moves `current` meanwhile: `current` is read again before each
 * deletion, and a bundle that has become current is kept.
 */
export async function collectBundles(modelsDir: string, opts: GcOptions): Promise<GcResult> {
  const keep = Math.max(0, Math.floor(opts.keep));
  const now = opts.now ?? Date.now();
  const ttl = opts.leaseTtlMs ?? LEASE_TTL_MS;
  const root = await realpath(modelsDir).catch(() => undefined);
  const result: GcResult = { kept: [], leased: [], removed: [] };
  if (!root) return result;
  const cur = await currentTarget(root);
  if (cur && dirname(cur) === root) result.current = basename(cur);
  const names = (await readdir(root)).sort().reverse();
  const seen: Record<Kind, number> = { bundle: 0, wals: 0 };
  for (const name of names) {
    if (name === CURRENT) continue;
    const kind = await kindOf(root, name);
    if (!kind) continue;
    const dir = join(root, name);
    if (dir === cur) continue;
    if (seen[kind] < keep) {
      seen[kind]++;
      result.kept.push(name);
      continue;
    }
    if ((await freshLeases(dir, now, ttl)).length > 0) {
      result.leased.push(name);
      continue;
    }
    if ((await currentTarget(root)) === dir) continue;
    result.removed.push(name);
    if (!opts.dryRun) await rm(dir, { recursive: true, force: true });
  }
  return result;
}
