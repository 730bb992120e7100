import { ConfigError } from '../errors.ts';
import { ITEM_REPRESENTATIONS, type ItemRepresentation } from '../models/retrieval/softmax-dnn.ts';
import { DEFAULT_RETRIEVAL_CONFIG, type RetrievalTrainConfig } from '../training/train-retrieval.ts';

/** The retrieval-model flags `reco train` and `reco evaluate` share (parseArgs declarations). */
export const RETRIEVAL_FLAGS = {
  'example-age': { type: 'boolean' },
  'uniform-negatives': { type: 'string' },
  'hard-negatives': { type: 'string' },
  'item-representation': { type: 'string' },
  'id-buckets': { type: 'string' },
  'sequence-training': { type: 'boolean' },
  'no-search': { type: 'boolean' },
} as const;

type RetrievalFlagValues = {
  'example-age'?: boolean;
  'uniform-negatives'?: string;
  'hard-negatives'?: string;
  'item-representation'?: string;
  'id-buckets'?: string;
  'sequence-training'?: boolean;
  'no-search'?: boolean;
};

/** A non-negative integer flag (0 = off). */
function count(raw: string | undefined, name: string): number {
  if (raw === undefined) return 0;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 100_000)
    throw new ConfigError(`--${name}: expected an integer in [0, 100000], got "${raw}"`);
  return n;
}

function itemRepresentation(raw: string | undefined): ItemRepresentation {
  const v = raw ?? DEFAULT_RETRIEVAL_CONFIG.itemRepresentation;
  if (!ITEM_REPRESENTATIONS.includes(v as ItemRepresentation))
    throw new ConfigError(
      `--item-representation: expected one of ${ITEM_REPRESENTATIONS.join(', ')}, got "${v}"`,
    );
  return v as ItemRepresentation;
}

/** The retrieval settings those flags override, validated (a bad value names its flag). */
export function retrievalOverrides(
  values: RetrievalFlagValues,
): Pick<
  RetrievalTrainConfig,
  | 'exampleAge'
  | 'uniformNegatives'
  | 'hardNegatives'
  | 'itemRepresentation'
  | 'idBuckets'
  | 'sequenceTraining'
  | 'searchInput'
> {
  return {
    exampleAge: values['example-age'] ?? DEFAULT_RETRIEVAL_CONFIG.exampleAge,
    uniformNegatives: count(values['uniform-negatives'], 'uniform-negatives'),
    hardNegatives: count(values['hard-negatives'], 'hard-negatives'),
    itemRepresentation: itemRepresentation(values['item-representation']),
    idBuckets: count(values['id-buckets'], 'id-buckets'),
    sequenceTraining: values['sequence-training'] ?? DEFAULT_RETRIEVAL_CONFIG.sequenceTraining,
    // On by default: used whenever the training data holds searches.
    searchInput: !values['no-search'],
  };
}
