import type { EvalReport } from '../../src/evaluation/run.ts';

/** An evaluation report of two models, one with a loss curve: what the report formatters are tested on. */
export const report: EvalReport = {
  data: { source: 'demo', items: 500, users: 80, events: 9000, testUsers: 75 },
  split: 'leave-last-out',
  truthOffTopicShare: 0.125,
  results: [
    {
      model: 'softmax',
      recall: { 10: 0.4567, 50: 0.7, 100: 0.8, 200: 0.9 },
      ndcg10: 0.25,
      mrr: 0.2,
      coverage10: 0.3,
      popularityPercentile: 0.1,
      offTopicShare: 0.05,
      watchTime10: 123.45,
      users: 75,
      trainMs: 12_345,
      curve: [{ epoch: 1, loss: 3 } as never, { epoch: 2, loss: 2 } as never],
    },
    {
      model: 'popular',
      recall: { 10: 0.1, 50: 0.2, 100: 0.3, 200: 0.4 },
      ndcg10: 0.05,
      mrr: 0.04,
      coverage10: 0.02,
      popularityPercentile: 0,
      users: 75,
      trainMs: 0,
    },
  ],
};
