/**
 * The candidate sources and their quotas, as a bundle's `config.sources` carries them: training
 * writes the defaults into every manifest, serving reads them back and applies a request's
 * `?sources=` on top, so neither layer imports the other (as with the rules).
 */

import { SOURCE_NAMES, type SourceName } from '../features/source-features.ts';

export { type OriginName, SOURCE_NAMES, type SourceName } from '../features/source-features.ts';

export const isSourceName = (s: string): s is SourceName => (SOURCE_NAMES as readonly string[]).includes(s);

/** Most candidates one source may add to one request (the quota's upper bound, per request too). */
export const MAX_QUOTA = 1000;

export type SourceQuotas = Record<SourceName, number>;

export interface SourcesConfig {
  /**
   * Candidates each source adds before ranking. `ann` is an upper bound: a page of k searches
   * max(minCandidates, candidatesPerItem × k) of them (the service's `candidates` setting caps it too).
   */
  quotas: SourceQuotas;
  /** `related`: the user's last this-many watches seed the nearest-item search. */
  relatedSeeds: number;
  /** `fresh`: items published at most this many days before the request. */
  freshDays: number;
  /** `trending`: half-life of a watch's weight in the decayed counts. */
  trendingHalfLifeHours: number;
  /** `neighbours`: closest users whose recent watches are pooled. */
  neighbourUsers: number;
}

export const DEFAULT_SOURCES: SourcesConfig = {
  // The other sources' default quotas are 0 until they earn their place: measured with
  // `reco evaluate --models served,served-sources` (docs/evaluation.md, "Candidate sources").
  quotas: { ann: 200, related: 0, neighbours: 0, fresh: 0, trending: 0 },
  relatedSeeds: 3,
  freshDays: 14,
  trendingHalfLifeHours: 24,
  neighbourUsers: 20,
};

/** A bundle's sources configuration; a bundle without one (older) serves `ann` alone. */
export function bundleSources(config: Record<string, unknown>): SourcesConfig {
  const got = config.sources as Partial<SourcesConfig> | undefined;
  if (!got) return DEFAULT_SOURCES;
  return { ...DEFAULT_SOURCES, ...got, quotas: { ...DEFAULT_SOURCES.quotas, ...got.quotas } };
}

/**
 * Whether a bundle's ranker reads the source columns (trained on merged candidate sets); a
 * bundle trained before them scores its candidates without.
 */
export function rankerReadsSources(config: Record<string, unknown>): boolean {
  return (config.ranker as { sourceFeatures?: unknown } | undefined)?.sourceFeatures === true;
}

/** The quotas with a request's overrides; a source the request names replaces the bundle's quota. */
export function withQuotas(base: SourceQuotas, over: Partial<SourceQuotas> | undefined): SourceQuotas {
  return over ? { ...base, ...over } : base;
}

/**
 * Parses `ann:150,fresh:20` (a request's `?sources=`). Returns the quotas, or the problem in
 * words for a 400: unknown source, a quota that is not an integer in 0..MAX_QUOTA, a repeat.
 */
export function parseQuotas(text: string): { quotas: Partial<SourceQuotas> } | { problem: string } {
  const quotas: Partial<SourceQuotas> = {};
  for (const part of text.split(',')) {
    const [name, value, extra] = part.trim().split(':');
    if (!isSourceName(name ?? ''))
      return { problem: `unknown source "${name}" (known: ${SOURCE_NAMES.join(', ')})` };
    if (extra !== undefined || value === undefined || !/^\d{1,4}$/.test(value) || Number(value) > MAX_QUOTA)
      return { problem: `source ${name} needs a quota 0..${MAX_QUOTA}, as in ${name}:20` };
    if (quotas[name as SourceName] !== undefined) return { problem: `source ${name} is named twice` };
    quotas[name as SourceName] = Number(value);
  }
  return { quotas };
}
