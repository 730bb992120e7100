import type { QueryBatch } from '../../features/query.ts';
import type { Dense } from '../../models/layers/dense.ts';
import {
  forwardRows,
  forwardRowsNative,
  type PlainLayer,
  readStack,
} from '../../models/layers/plain-stack.ts';
import { readTidy } from '../../runtime/read.ts';
import type { tf } from '../../runtime/tf.ts';

/** A query tower whose input and dense stack are reachable (SoftmaxDnn), for the one-row path. */
export interface SplitTower {
  query(batch: QueryBatch): tf.Tensor2D;
  queryInput?(batch: QueryBatch): tf.Tensor2D;
  tower?: readonly Dense[];
}

/** Served towers' weights as plain arrays, read at their first request (a bundle never changes). */
const stacks = new WeakMap<SplitTower, PlainLayer[]>();

/**
 * With the native addon the stack runs on plain arrays (RECO_PLAIN_QUERY=0 keeps it in tf.js,
 * for comparison); without it, plain loops lost to the wasm kernel on the demo tower (356 -> 256
 * -> 64: 0.33 against 0.17 ms p50 per query), so tf.js keeps it unless RECO_PLAIN_QUERY=1.
 */
const plainOn = () => {
  const v = process.env.RECO_PLAIN_QUERY;
  return v === '1' || (v !== '0' && forwardRowsNative());
};

/**
 * ψ(x) of a one-row batch: the input (bags, searches, dense) through tf.js, the dense stack
 * without it (forwardRows), which saves its six kernel dispatches and tensors. Batches of several rows and
 * towers without a split go through tower.query.
 */
export function queryPsi(tower: SplitTower, batch: QueryBatch): Float32Array {
  if (batch.size !== 1 || !tower.queryInput || !tower.tower || !plainOn())
    return readTidy(() => tower.query(batch));
  let stack = stacks.get(tower);
  if (!stack) {
    stack = readStack(tower.tower);
    stacks.set(tower, stack);
  }
  const x = readTidy(() => tower.queryInput!(batch));
  return forwardRows(stack, x);
}
