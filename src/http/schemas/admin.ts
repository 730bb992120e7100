import { Type } from '@sinclair/typebox';
import { errorResponses } from './errors.ts';
import { refTo, withDefault } from './typing.ts';

export const reloadSchema = {
  operationId: 'reloadModel',
  summary: 'Reload the model bundle',
  description:
    'Loads the bundle that models/current points at beside the served one, validates and warms it, then ' +
    'swaps it in. A bundle that fails validation is refused (422) and the old one keeps serving.',
  tags: ['admin'],
  response: {
    200: Type.Object({
      changed: Type.Boolean({ description: 'False when current already was the served bundle' }),
      modelVersion: Type.String(),
      previousVersion: Type.Optional(Type.String()),
    }),
    ...errorResponses(401, 403, 422, 429),
  },
};

const Figures = Type.Object({
  version: Type.Optional(Type.String()),
  items: Type.Integer(),
  users: Type.Integer(),
  quality: Type.Optional(Type.Number({ description: 'Retrieval NDCG@10 on the shared validation rows' })),
});

export const RetrainOutcomeSchema = Type.Object(
  {
    status: Type.Union([
      Type.Literal('served'),
      Type.Literal('refused'),
      Type.Literal('failed'),
      Type.Literal('unchanged'),
    ]),
    at: Type.String({ description: 'When the run ended (ISO 8601)' }),
    code: Type.Optional(
      Type.String({
        description:
          'Why it was refused or failed: CATALOGUE_SHRANK, USERS_SHRANK, QUALITY_DROPPED, TRAINING_FAILED, RELOAD_REFUSED',
      }),
    ),
    message: Type.Optional(Type.String()),
    current: Type.Optional(Figures),
    candidate: Type.Optional(Type.Omit(Figures, ['version'])),
    modelVersion: Type.Optional(Type.String()),
    ms: Type.Optional(Type.Number()),
  },
  { $id: 'RetrainOutcome', title: 'RetrainOutcome' },
);

export const retrainSchema = {
  operationId: 'startRetrain',
  summary: 'Retrain from the stored events now',
  description:
    'Trains from the event store, the stored catalogue and the served bundle (its catalogue, users and ' +
    'histories are merged in, so a retrain cannot shrink the world) in a child process. By default it ' +
    'answers 202 at once (`running`: a training was already under way and this request joined it) and the ' +
    'new bundle is hot-reloaded when written. With `wait=true` it answers when the run is over: 200 with ' +
    'the outcome, or 409 when the new bundle was refused (its catalogue or users shrank by more than ' +
    'RECO_RETRAIN_MAX_SHRINK, or it scored below the served bundle on the same validation users; the ' +
    'served bundle keeps serving; `details` holds the figures). `allowShrink=true` serves it anyway. ' +
    'Needs an admin key.',
  tags: ['admin'],
  querystring: Type.Object(
    {
      wait: withDefault(
        Type.Boolean({ default: false, description: 'Answer when the run is over, with its outcome' }),
      ),
      allowShrink: withDefault(
        Type.Boolean({
          default: false,
          description: 'Serve the new bundle even if it is smaller or scores lower',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  response: {
    200: refTo(RetrainOutcomeSchema),
    202: Type.Object({
      status: Type.Union([Type.Literal('started'), Type.Literal('running')]),
    }),
    ...errorResponses(400, 401, 403, 409, 429, 503),
  },
};

export const retrainStatusSchema = {
  operationId: 'getRetrainStatus',
  summary: 'Retraining status',
  description:
    'Whether a training is running, the outcome of the last run and the count of runs per outcome since start.',
  tags: ['admin'],
  response: {
    200: Type.Object({
      running: Type.Boolean(),
      last: Type.Optional(refTo(RetrainOutcomeSchema)),
      outcomes: Type.Record(Type.String(), Type.Integer()),
    }),
    ...errorResponses(401, 403, 429),
  },
};
