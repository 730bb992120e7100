import { ConfigError } from '../errors.ts';

/**
 * `--ranker-sources on|off`, shared by `reco train` and `reco evaluate`: whether the ranker is
 * trained on the replayed merged candidate sets with source columns (on, the default) or on
 * retrieval's candidates alone, as bundles before candidate sources were (off: for comparison).
 */
export const RANKER_SOURCES_FLAG = { 'ranker-sources': { type: 'string', default: 'on' } } as const;

export function rankerSources(value: string | undefined): boolean {
  if (value === undefined || value === 'on') return true;
  if (value === 'off') return false;
  throw new ConfigError(`--ranker-sources: expected on or off, got "${value}"`);
}
