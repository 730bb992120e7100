import { existsSync } from 'node:fs';
import { type Dataset, isRecoDataset, readDataset } from './jsonl.ts';
import { dataError } from './lines.ts';
import { detectMovieLens, type MovieLensOptions, readMovieLens } from './movielens.ts';

export const DATA_FORMATS = ['auto', 'reco', 'movielens'] as const;
export type DataFormat = (typeof DATA_FORMATS)[number];

/** Reads a training data directory in reco's own format or a MovieLens release (auto-detected). */
export async function loadDataset(
  dir: string,
  format: DataFormat = 'auto',
  ml: MovieLensOptions = {},
): Promise<Dataset> {
  if (format === 'reco' || (format === 'auto' && isRecoDataset(dir))) return readDataset(dir);
  if (format === 'movielens' || detectMovieLens(dir)) return readMovieLens(dir, ml);
  throw dataError(
    dir,
    existsSync(dir)
      ? 'neither a reco data directory (items.jsonl, events.jsonl) nor a MovieLens release'
      : 'no such directory',
  );
}
