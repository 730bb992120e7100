import { Type } from '@sinclair/typebox';
import { errorResponses } from './errors.ts';
import { withDefault } from './typing.ts';

export const SimilarUsersParamsSchema = Type.Object({
  userId: Type.String({ minLength: 1, maxLength: 256 }),
});

export const SimilarUsersQuerySchema = Type.Object(
  {
    k: withDefault(Type.Integer({ minimum: 1, maximum: 100, default: 10, description: 'Number of users' })),
  },
  { additionalProperties: false },
);

export const SimilarUsersSchema = Type.Object({
  userId: Type.String(),
  modelVersion: Type.String(),
  users: Type.Array(
    Type.Object({
      userId: Type.String(),
      score: Type.Number({ description: 'Cosine of the two users’ query embeddings ψ(x)' }),
      rank: Type.Integer({ minimum: 1 }),
    }),
  ),
});

export const getSimilarUsersSchema = {
  operationId: 'getSimilarUsers',
  summary: 'Users closest to a user',
  description:
    "Nearest users by their current query embedding ψ(x) (the neighbours source's index: the bundle's " +
    'users and everyone recommended to since, bounded by RECO_USER_INDEX_SIZE). A user with no watches is ' +
    'placed by their profile and context.',
  tags: ['recommendations'],
  params: SimilarUsersParamsSchema,
  querystring: SimilarUsersQuerySchema,
  response: { 200: SimilarUsersSchema, ...errorResponses(400, 401, 404, 429, 503) },
};
