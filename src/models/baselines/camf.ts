/**
 * Deviation-based context-aware matrix factorisation (CAMF, Baltrunas, Ludwig & Ricci 2011):
 *
 *   r̂(u, i, c) = μ + b_u + b_i + p_u·q_i + Σ_j [B_i(c_j) + G_g(i)(c_j)]
 *
 * where c_j are the conditions of the situation (device=tv, daypart=evening), B_i(c) an item's
 * own context rating deviation (CAMF-CI) and G_g(c) that of the item's group (CAMF-CC; the
 * caller names the groups, e.g. duration bands), which carries the effect to items too rarely
 * seen in a condition for B_i to learn it. A global deviation per condition (CAMF-C) would move
 * every item alike and so never change a ranking; it is left out. Fitted by SGD on squared error
 * against implicit targets: 1 for a watch, 0 for an unwatched impression or a sampled item.
 */
export interface CamfConfig {
  dim: number;
  epochs: number;
  learningRate: number;
  /** L2 on the factors and biases. */
  lambda: number;
  /** L2 on the deviations, stronger: most (item, condition) pairs have few observations. */
  lambdaContext: number;
  /** Items drawn uniformly per observed positive as 0-targets in the same situation. */
  negatives: number;
  seed: number;
}

export const DEFAULT_CAMF: CamfConfig = {
  dim: 32,
  epochs: 60,
  learningRate: 0.03,
  lambda: 0.02,
  lambdaContext: 0.05,
  negatives: 10,
  seed: 5,
};

/** One observation: user row, item index, the situation's condition indices, the target. */
export interface CamfExample {
  user: number;
  item: number;
  conditions: readonly number[];
  target: number;
}

export interface CamfModel {
  dim: number;
  numItems: number;
  numConditions: number;
  mu: number;
  userBias: Float64Array;
  itemBias: Float64Array;
  /** [numUsers * dim] */
  users: Float64Array;
  /** [numItems * dim] */
  items: Float64Array;
  /** [numItems * numConditions]: B_i(c). */
  itemDeviation: Float64Array;
  /** Group of each item (-1: none). */
  groups: Int32Array;
  /** [numGroups * numConditions]: G_g(c). */
  groupDeviation: Float64Array;
}

export interface CamfShape {
  numUsers: number;
  numItems: number;
  numConditions: number;
  /** Group of each item; -1 (or absent) = no group deviation. */
  groups?: Int32Array;
}

function initModel(shape: CamfShape, cfg: CamfConfig, rand: () => number): CamfModel {
  const { numUsers, numItems, numConditions } = shape;
  const groups = shape.groups ?? new Int32Array(numItems).fill(-1);
  const numGroups = Math.max(0, ...groups) + 1;
  const small = (n: number) => Float64Array.from({ length: n }, () => (rand() - 0.5) * 0.1);
  return {
    dim: cfg.dim,
    numItems,
    numConditions,
    mu: 0,
    userBias: new Float64Array(numUsers),
    itemBias: new Float64Array(numItems),
    users: small(numUsers * cfg.dim),
    items: small(numItems * cfg.dim),
    itemDeviation: new Float64Array(numItems * numConditions),
    groups,
    groupDeviation: new Float64Array(numGroups * numConditions),
  };
}

/** r̂ for one (user, item, conditions). */
export function camfPredict(m: CamfModel, user: number, item: number, conditions: readonly number[]): number {
  let r = m.mu + m.userBias[user] + m.itemBias[item];
  const d = m.dim;
  for (let k = 0; k < d; k++) r += m.users[user * d + k] * m.items[item * d + k];
  const g = m.groups[item];
  for (const c of conditions) {
    r += m.itemDeviation[item * m.numConditions + c];
    if (g >= 0) r += m.groupDeviation[g * m.numConditions + c];
  }
  return r;
}

/** One SGD step on one example. */
function step(m: CamfModel, ex: CamfExample, cfg: CamfConfig): void {
  const { user: u, item: i, conditions } = ex;
  const e = ex.target - camfPredict(m, u, i, conditions);
  const lr = cfg.learningRate;
  m.mu += lr * e * 0.1;
  m.userBias[u] += lr * (e - cfg.lambda * m.userBias[u]);
  m.itemBias[i] += lr * (e - cfg.lambda * m.itemBias[i]);
  const d = m.dim;
  for (let k = 0; k < d; k++) {
    const p = m.users[u * d + k];
    const q = m.items[i * d + k];
    m.users[u * d + k] += lr * (e * q - cfg.lambda * p);
    m.items[i * d + k] += lr * (e * p - cfg.lambda * q);
  }
  const g = m.groups[i];
  for (const c of conditions) {
    const ic = i * m.numConditions + c;
    m.itemDeviation[ic] += lr * (e - cfg.lambdaContext * m.itemDeviation[ic]);
    if (g >= 0) {
      const gc = g * m.numConditions + c;
      m.groupDeviation[gc] += lr * (e - cfg.lambdaContext * m.groupDeviation[gc]);
    }
  }
}

/**
 * Fits CAMF by SGD over the examples (shuffled each epoch) plus, per positive, `negatives`
 * uniformly drawn items with target 0 in the same situation (implicit feedback has no observed
 * zeros beyond impressions).
 */
export function fitCamf(
  examples: readonly CamfExample[],
  shape: CamfShape,
  cfg: CamfConfig,
  rand: () => number,
): CamfModel {
  const m = initModel(shape, cfg, rand);
  const order = Int32Array.from(examples.keys());
  for (let epoch = 0; epoch < cfg.epochs; epoch++) {
    for (let k = order.length - 1; k > 0; k--) {
      const j = Math.floor(rand() * (k + 1));
      [order[k], order[j]] = [order[j], order[k]];
    }
    for (const idx of order) {
      const ex = examples[idx];
      step(m, ex, cfg);
      if (ex.target <= 0) continue;
      for (let n = 0; n < cfg.negatives; n++) {
        // Item 0 is the out-of-vocabulary row: never a real item.
        const item = 1 + Math.floor(rand() * (shape.numItems - 1));
        if (item !== ex.item) step(m, { ...ex, item, target: 0 }, cfg);
      }
    }
  }
  return m;
}

/** The user's scores over the catalogue in a situation (μ and b_u are left out: they do not change the order). */
export function camfScores(m: CamfModel, user: number, conditions: readonly number[]): Float32Array {
  const out = new Float32Array(m.numItems);
  const d = m.dim;
  for (let i = 0; i < m.numItems; i++) {
    let r = m.itemBias[i];
    for (let k = 0; k < d; k++) r += m.users[user * d + k] * m.items[i * d + k];
    const g = m.groups[i];
    for (const c of conditions) {
      r += m.itemDeviation[i * m.numConditions + c];
      if (g >= 0) r += m.groupDeviation[g * m.numConditions + c];
    }
    out[i] = r;
  }
  return out;
}
