import type { EvalContext } from '../../src/evaluation/kinds/kind.ts';

/** Five items (0 = OOV), three test rows whose held-out items are 1, 2 and 3. */
export function tinyEvalContext(): EvalContext {
  return {
    numItems: 5,
    counts: Float64Array.from([0, 1, 9, 5, 3]),
    tests: [
      { userId: 'a', item: 1, time: 0 },
      { userId: 'b', item: 2, time: 0 },
      { userId: 'c', item: 3, time: 0 },
    ],
    excludes: [new Set(), new Set(), new Set([2])],
    planted: () => undefined,
  } as unknown as EvalContext;
}
