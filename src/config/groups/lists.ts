import { ConfigError } from '../../errors.ts';
import { int, type Setting } from '../setting.ts';

/** Recommendation lists: paging's cache, the batch's per-user budget, the placements. */
export const LIST_SETTINGS = {
  pageTtlMs: {
    env: 'RECO_PAGE_TTL_MS',
    flag: 'page-ttl',
    default: 60_000,
    description:
      'How long a computed list stays pageable (`cursor`), from its first page; 0 = no paging (no nextCursor). A list lives in the process that computed it: paging across processes needs session affinity',
    parse: int(0, 3_600_000),
  },
  pageCacheEntries: {
    env: 'RECO_PAGE_CACHE_ENTRIES',
    flag: 'page-cache-entries',
    default: 20_000,
    description:
      'Most pageable lists kept (least recently used evicted first; size for first pages per second × the TTL)',
    parse: int(0, 10_000_000),
  },
  pageCacheBytes: {
    env: 'RECO_PAGE_CACHE_BYTES',
    flag: 'page-cache-bytes',
    default: 64 * 2 ** 20,
    description: 'Most bytes the pageable lists may hold, estimated (least recently used evicted first)',
    parse: int(0, 2 ** 40),
  },
  batchUserBudgetMs: {
    env: 'RECO_BATCH_USER_BUDGET_MS',
    flag: 'batch-user-budget',
    default: 2000,
    description:
      'POST /recommendations/batch: most time one user may take; that user then answers 503 USER_BUDGET_EXCEEDED in place, the others are not held up',
    parse: int(1, 60_000),
  },
  placements: {
    env: 'RECO_PLACEMENTS',
    flag: 'placements',
    default: '',
    description:
      'Placements over the built-in home, watch-next and email: in the configuration file a mapping `name: {defaultK, maxK, rules, sources, description}`, elsewhere the same as JSON (README, "Placements"); empty = the built-ins',
    parse: (raw: string, name: string): string => {
      if (raw.trim() === '') return '';
      let doc: unknown;
      try {
        doc = JSON.parse(raw);
      } catch {
        throw new ConfigError(`${name}: expected a JSON object of placements, got "${raw.slice(0, 40)}"`);
      }
      if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
        throw new ConfigError(`${name}: expected a mapping of placement names to their settings`);
      return JSON.stringify(doc);
    },
    // The file gives this one as a mapping (resolve.ts), written through as JSON.
    structured: true,
  },
} satisfies Record<string, Setting<number> | Setting<string>>;
