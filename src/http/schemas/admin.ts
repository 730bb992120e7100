import { Type } from '@sinclair/typebox';
import { errorResponses } from './errors.ts';

export const reloadSchema = {
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
    ...errorResponses(401, 422, 429),
  },
};

export const retrainSchema = {
  summary: 'Retrain from the stored events now',
  description:
    'Starts a training from the event store (and the configured retraining data directory) in a ' +
    'child process and answers at once; the new bundle is hot-reloaded when it is written. ' +
    '`running` means a training was already under way (this request joined it). Watch /readyz and ' +
    'the model version in /metrics or the recommendations.',
  tags: ['admin'],
  response: {
    202: Type.Object({
      status: Type.Union([Type.Literal('started'), Type.Literal('running')]),
    }),
    ...errorResponses(401, 429),
  },
};
