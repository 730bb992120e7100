import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_QUERY_LENGTH, type SearchEvent } from '../types.ts';
import { eachLine, LineError } from './lines.ts';
import { parseCsvLine } from './movielens.ts';

/**
 * MovieLens tags as searches: in the CSV releases `tags.csv` (`userId,movieId,tag,timestamp`,
 * seconds, a header line) holds the free-text tags users gave movies. A tag is what the user had
 * in mind about a film, the nearest thing the data has to what they would type into a search box,
 * so each becomes that user's search at that time (the movie is not kept: a search names no item).
 * Absent file: none.
 */
export async function readMovieLensTags(dir: string): Promise<SearchEvent[]> {
  const path = join(dir, 'tags.csv');
  if (!existsSync(path)) return [];
  const out: SearchEvent[] = [];
  await eachLine(
    path,
    'utf8',
    (line) => {
      const [userId, , tag, seconds] = parseCsvLine(line);
      if (seconds === undefined) throw new LineError('expected userId,movieId,tag,timestamp');
      const t = Number(seconds);
      if (!Number.isFinite(t))
        throw new LineError(`timestamp: expected seconds, got ${JSON.stringify(seconds)}`);
      // An empty or blank tag says nothing; an overlong one keeps its first 512 characters.
      if (tag.trim() === '') return;
      out.push({ userId, type: 'search', query: tag.slice(0, MAX_QUERY_LENGTH), timestamp: t * 1000 });
    },
    true,
  );
  return out
    .map((e, i) => [e, i] as const)
    .sort((a, b) => a[0].timestamp - b[0].timestamp || a[1] - b[1])
    .map(([e]) => e);
}
