import { BundleError } from '../errors.ts';

/**
 * A vocabulary maps string ids to dense indices. Index 0 is reserved for the
 * out-of-vocabulary bucket: any id not seen at training time maps there, so lookups never fail.
 */
export interface Vocab {
  /** ids[i] is the id of index i; ids[0] is {@link OOV}. */
  readonly ids: readonly string[];
  readonly index: ReadonlyMap<string, number>;
}

const OOV = '<oov>';

/** Builds a vocabulary from ids in first-seen order (duplicates ignored). */
export function createVocab(values: Iterable<string>): Vocab {
  const ids = [OOV];
  const index = new Map<string, number>();
  for (const v of values) {
    if (index.has(v) || v === OOV) continue;
    index.set(v, ids.length);
    ids.push(v);
  }
  return { ids, index };
}

/** Restores a vocabulary written as its `ids` array. */
export function vocabFromIds(ids: readonly string[]): Vocab {
  if (ids[0] !== OOV)
    throw new BundleError(`vocabulary: expected "${OOV}" at index 0, got ${JSON.stringify(ids[0])}`);
  return { ids, index: new Map(ids.slice(1).map((id, i) => [id, i + 1])) };
}

/** Index of `id`, or 0 (the OOV bucket) when unknown or undefined. */
export function lookup(vocab: Vocab, id: string | undefined): number {
  return id === undefined ? 0 : (vocab.index.get(id) ?? 0);
}

/** Number of indices including the OOV bucket. */
export function vocabSize(vocab: Vocab): number {
  return vocab.ids.length;
}
