import { generateWorld } from '../../src/data/demo/world.ts';
import { buildTimelines, type Timeline, watchCounts } from '../../src/data/interactions.ts';
import type { Item, User } from '../../src/data/types.ts';
import { type ItemTable, trainingItemTable } from '../../src/features/item-table.ts';
import { createFeatureSpec, type FeatureSpec } from '../../src/features/spec.ts';
import { DEFAULT_RANKER_CONFIG, type RankerTrainConfig } from '../../src/training/ranker-config.ts';
import { DEFAULT_RETRIEVAL_CONFIG, type RetrievalTrainConfig } from '../../src/training/retrieval-config.ts';

/** The smallest networks that still train: what the training tests fit in a fraction of a second. */
export const TINY_RETRIEVAL: RetrievalTrainConfig = {
  ...DEFAULT_RETRIEVAL_CONFIG,
  epochs: 1,
  dim: 8,
  hidden: [16],
  itemHidden: [8],
  refit: false,
};

export const TINY_RANKER: RankerTrainConfig = { ...DEFAULT_RANKER_CONFIG, epochs: 1, hidden: [8] };

export interface TrainingWorld {
  items: Item[];
  userList: User[];
  spec: FeatureSpec;
  timelines: Map<string, Timeline>;
  users: Map<string, User>;
  counts: Float64Array;
  itemTable: ItemTable;
}

/** A demo world of 20 items and ~60 users (scale 0.01) with what every training stage reads. */
export function trainingWorld(seed = 5, scale = 0.01, historyLength = 5): TrainingWorld {
  const world = generateWorld({ seed, scale });
  const spec = createFeatureSpec(world.items, world.users, historyLength);
  const timelines = buildTimelines(world.events, spec.items);
  const counts = watchCounts(timelines.values(), spec.items.ids.length);
  return {
    items: world.items,
    userList: world.users,
    spec,
    timelines,
    users: new Map(world.users.map((u) => [u.userId, u])),
    counts,
    itemTable: trainingItemTable(spec, world.items, counts, timelines.values()),
  };
}
