import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { isErrorCode, RecoError, statusOf } from '../../errors.ts';
import type { ReloadResult } from '../../serving/model-loader.ts';
import type { RetrainOutcome, RetrainRunOptions, RetrainStatus } from '../../serving/retrainer.ts';
import { reloadSchema, retrainSchema, retrainStatusSchema } from '../schemas/admin.ts';

/** What the admin routes need of retraining (the Retrainer, or a worker's link to worker 0). */
export interface RetrainControl {
  /** Starts a run in the background: `running` when one was already under way (joined). */
  start(opts: RetrainRunOptions): 'started' | 'running';
  /** Runs (or joins) one and resolves with its outcome; undefined when it runs elsewhere. */
  run(opts: RetrainRunOptions): Promise<RetrainOutcome | undefined>;
  status(): { running: boolean; last?: RetrainOutcome; outcomes: Record<RetrainStatus, number> };
}

/** Everything here replaces or changes the model: an admin key (RECO_ADMIN_KEYS), see auth.ts. */
const ADMIN = { access: 'admin' as const };

/**
 * The code a finished run that did not serve answers with, when the outcome names none: a refusal
 * is the client's to resolve (409), a failure ours (503); the registry holds both statuses.
 */
const FALLBACK_CODE = { refused: 'RETRAIN_REFUSED', failed: 'TRAINING_FAILED' } as const;

/** POST /admin/reload, POST and GET /admin/retrain, where the server has them. */
export const adminRoutes: FastifyPluginAsyncTypebox<{
  reload?: () => Promise<ReloadResult>;
  retrain?: RetrainControl;
}> = async (app, { reload, retrain }) => {
  if (reload) app.post('/admin/reload', { schema: reloadSchema, config: ADMIN }, async () => reload());
  if (!retrain) return;
  app.post('/admin/retrain', { schema: retrainSchema, config: ADMIN }, async (req, reply) => {
    // `fresh` (dropping the served catalogue) stays a command-line decision: reco train --fresh.
    const opts = { allowShrink: req.query.allowShrink };
    if (!req.query.wait) return reply.status(202).send({ status: retrain.start(opts) });
    const outcome = await retrain.run(opts);
    if (!outcome) return reply.status(202).send({ status: 'started' });
    if (outcome.status === 'refused' || outcome.status === 'failed') {
      const fallback = FALLBACK_CODE[outcome.status];
      const code = outcome.code ?? fallback;
      // A code the registry does not know yet (a new refusal of the training layer) still
      // answers with its outcome's status.
      const status = statusOf(isErrorCode(code) ? code : fallback);
      throw new RecoError(
        code,
        outcome.message ??
          `the retraining ${outcome.status === 'failed' ? 'failed' : `was ${outcome.status}`}; the current model keeps serving`,
        status,
        outcome,
      );
    }
    return reply.status(200).send(outcome);
  });
  app.get('/admin/retrain', { schema: retrainStatusSchema, config: ADMIN }, async () => retrain.status());
};
