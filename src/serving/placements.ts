import type { SourceQuotas } from '../bundle/sources-config.ts';
import { recoError, ValidationError } from '../errors.ts';
import type { RecommendRequest } from './engine.ts';

/**
 * A placement: the configuration of one surface that asks for recommendations (the home page,
 * the list beside a playing video, an email). It overrides the bundle's rules and candidate
 * quotas for every request that names it (a request's own parameters override it in turn) and
 * bounds the page size.
 */
export interface Placement {
  name: string;
  description: string;
  /** Items per page when the request gives no k. */
  defaultK: number;
  /** Largest k a request may ask for (more: 400 naming k). */
  maxK: number;
  /** Overrides of the bundle's `config.rules`, by their request parameter names. */
  rules: NonNullable<RecommendRequest['rules']>;
  /** Overrides of the bundle's candidate quotas. */
  sources: Partial<SourceQuotas>;
}

/** A request that names no placement: the bundle's rules and quotas, as before placements. */
export const NO_PLACEMENT: Placement = {
  name: '',
  description: 'no placement',
  defaultK: 10,
  maxK: 100,
  rules: {},
  sources: {},
};

/**
 * The built-in placements, which the configuration file's `placements` may change or add to.
 * Their parameters are product choices, not measured optima (docs/evaluation.md measures each
 * rule and source): home keeps the bundle's, watch-next leans on the items near what was just
 * watched, email is short, fresh and varied (a reader sees it once, hours later).
 */
export const BUILT_IN_PLACEMENTS: readonly Placement[] = [
  { ...NO_PLACEMENT, name: 'home', description: 'The home page feed, paged', defaultK: 20 },
  {
    name: 'watch-next',
    description: 'Beside a playing video: the nearest items to the last watches join the candidates',
    defaultK: 10,
    maxK: 50,
    rules: { maxPerTopic: 5 },
    sources: { related: 100 },
  },
  {
    name: 'email',
    description: 'A digest: short, favouring new items, at most 2 of a topic',
    defaultK: 6,
    maxK: 20,
    rules: { freshnessBoost: 1, maxPerTopic: 2 },
    sources: { fresh: 20 },
  },
];

/** A configured placement: any field left out keeps the built-in's of that name (or NO_PLACEMENT's). */
export type PlacementConfig = Partial<Omit<Placement, 'name'>>;

export class PlacementTable {
  private readonly byName: Map<string, Placement>;

  /** The built-ins with the configured placements over them, field by field. */
  constructor(configured: Record<string, PlacementConfig> = {}) {
    this.byName = new Map(BUILT_IN_PLACEMENTS.map((p) => [p.name, p]));
    for (const [name, cfg] of Object.entries(configured)) {
      const base = this.byName.get(name) ?? { ...NO_PLACEMENT, description: name };
      const p = { ...base, ...cfg, name };
      if (p.defaultK > p.maxK)
        throw new RangeError(`placement ${name}: defaultK ${p.defaultK} is over maxK ${p.maxK}`);
      this.byName.set(name, p);
    }
  }

  list(): Placement[] {
    return [...this.byName.values()];
  }

  /** The placement named, NO_PLACEMENT for none; 400 UNKNOWN_PLACEMENT for a name not configured. */
  get(name: string | undefined): Placement {
    if (name === undefined) return NO_PLACEMENT;
    const p = this.byName.get(name);
    if (!p) throw recoError('UNKNOWN_PLACEMENT', { placement: name, known: [...this.byName.keys()] });
    return p;
  }
}

/** The page size: the request's k within the placement's maxK (else 400 naming k), or its default. */
export function pageSize(k: number | undefined, p: Placement): number {
  if (k === undefined) return p.defaultK;
  if (k > p.maxK) {
    const problem = `at most ${p.maxK} for placement ${p.name || '(none)'}`;
    throw new ValidationError(`k: ${problem}`, [{ field: 'k', message: problem }]);
  }
  return k;
}

/** The request's rules and quotas over the placement's (the request's win, field by field). */
export function withPlacement(
  req: Pick<RecommendRequest, 'rules' | 'sources'>,
  p: Placement,
): Pick<RecommendRequest, 'rules' | 'sources'> {
  const rules = { ...p.rules };
  for (const [name, v] of Object.entries(req.rules ?? {}))
    if (v !== undefined) Object.assign(rules, { [name]: v });
  const sources = { ...p.sources, ...req.sources };
  return {
    rules: Object.keys(rules).length > 0 ? rules : req.rules,
    sources: Object.keys(sources).length > 0 ? sources : undefined,
  };
}
