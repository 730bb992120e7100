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
