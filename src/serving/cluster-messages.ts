import type { Item } from '../data/types.ts';

/** What the primary and the workers of a `--workers` cluster send each other (cluster.ts). */
export type Message =
  | { reco: 'hello' }
  /** `origin` (set by the primary): which pending invalidation an acknowledgement answers. */
  | { reco: 'invalidate'; id: number; users: string[]; origin?: string }
  | { reco: 'invalidated'; id: number; origin?: string }
  | { reco: 'reload' }
  /** Item flags changed in the store (and, with `item`, that item's content): serve them. */
  | { reco: 'items'; item?: Item }
  | { reco: 'retrain'; allowShrink?: boolean }
  | { reco: 'metrics'; id: number }
  | { reco: 'metrics-result'; id: number; text?: string; error?: string };

export const isRecoMessage = (m: unknown): m is Message =>
  typeof m === 'object' && m !== null && typeof (m as { reco?: unknown }).reco === 'string';
