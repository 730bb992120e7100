/** What the primary and the workers of a `--workers` cluster send each other (cluster.ts). */
export type Message =
  | { reco: 'hello' }
  /** `origin` (set by the primary): which pending invalidation an acknowledgement answers. */
  | { reco: 'invalidate'; id: number; users: string[]; origin?: string }
  | { reco: 'invalidated'; id: number; origin?: string }
  | { reco: 'reload' }
  /** The store's catalogue (flags, items) or erasures changed: read them again (item-changes.ts). */
  | { reco: 'items' }
  | { reco: 'retrain'; allowShrink?: boolean }
  | { reco: 'metrics'; id: number }
  | { reco: 'metrics-result'; id: number; text?: string; error?: string };

export const isRecoMessage = (m: unknown): m is Message =>
  typeof m === 'object' && m !== null && typeof (m as { reco?: unknown }).reco === 'string';
