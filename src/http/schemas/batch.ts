import { Type } from '@sinclair/typebox';
import { MAX_BATCH_USERS } from '../../serving/batch.ts';
import { ErrorBodySchema, errorResponses } from './errors.ts';
import { LIST_BODY_FIELDS } from './recommendation-body.ts';
import { RecommendationSchema } from './recommendations.ts';

const BatchRequestSchema = Type.Object(
  { userId: Type.String({ minLength: 1, maxLength: 256 }), ...LIST_BODY_FIELDS },
  { additionalProperties: false },
);

export const BatchBodySchema = Type.Object(
  {
    requests: Type.Array(BatchRequestSchema, {
      minItems: 1,
      maxItems: MAX_BATCH_USERS,
      description: `1 to ${MAX_BATCH_USERS} users, each with the parameters of POST /recommendations/{userId} but cursor`,
    }),
  },
  { additionalProperties: false },
);

const { nextCursor: _, ...listFields } = RecommendationSchema.properties;

const BatchEntrySchema = Type.Union([
  Type.Object({ status: Type.Literal(200), ...listFields }),
  Type.Object({
    userId: Type.String(),
    status: Type.Integer({
      minimum: 400,
      maximum: 599,
      description: 'The status this user alone would have had',
    }),
    error: ErrorBodySchema.properties.error,
  }),
]);

export const postBatchSchema = {
  operationId: 'postRecommendationsBatch',
  summary: 'Recommend items for many users',
  description:
    `Up to ${MAX_BATCH_USERS} users in one call (emails, push notifications), each with its own k, filters and ` +
    'placement. The results come in the order asked, each with its own status: a user that fails or takes ' +
    'longer than RECO_BATCH_USER_BUDGET_MS is answered in place with the error body, and the others are not ' +
    'held up. The lists are not paged. Reading many users, it needs the same client key as one user.',
  tags: ['recommendations'],
  body: BatchBodySchema,
  response: {
    200: Type.Object({ results: Type.Array(BatchEntrySchema) }),
    ...errorResponses(400, 401, 413, 415, 429),
  },
};
