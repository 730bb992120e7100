import { existsSync } from 'node:fs';
import { type Dataset, isRecoDataset, readDataset } from './jsonl.ts';
import { dataError } from './lines.ts';
import { detectMovieLens, type MovieLensOptions, readMovieLens } from './movielens.ts';
import { readMovieLensTags } from './movielens-tags.ts';

export const DATA_FORMATS = ['auto', 'reco', 'movielens'] as const;
export type DataFormat = (typeof DATA_FORMATS)[number];

/** Reads a training data directory in reco's own format or a MovieLens release (auto-detected). */
export async function loadDataset(
  dir: string,
  format: DataFormat = 'auto',
  ml: MovieLensOptions = {},
): Promise<Dataset> {
  if (format === 'reco' || (format === 'auto' && isRecoDataset(dir))) return readDataset(dir);
  if (format === 'movielens' || detectMovieLens(dir)) {
    const data = await readMovieLens(dir, ml);
    // A user's tags (tags.csv, the CSV releases) are their searches.
    const searches = await readMovieLensTags(dir);
    return searches.length > 0 ? { ...data, searches } : data;
  }
  throw dataError(
    dir,
    existsSync(dir)
      ? 'neither a reco data directory (items.jsonl, events.jsonl) nor a MovieLens release'
      : 'no such directory',
  );
}
