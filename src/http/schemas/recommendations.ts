import { Type } from '@sinclair/typebox';
import { errorResponses } from './errors.ts';

export const RecommendationParamsSchema = Type.Object({
  userId: Type.String({
    minLength: 1,
    maxLength: 256,
    description: 'Any user id; unknown users get a cold-start list',
  }),
});

export const RecommendationQuerySchema = Type.Object(
  {
    k: Type.Integer({ minimum: 1, maximum: 100, default: 10, description: 'Number of items' }),
    device: Type.Optional(Type.String({ maxLength: 64, description: 'Request context: device' })),
    country: Type.Optional(Type.String({ maxLength: 64, description: 'Request context: country' })),
  },
  { additionalProperties: false },
);

export const RecommendationSchema = Type.Object({
  userId: Type.String(),
  modelVersion: Type.String({ description: 'Version of the model bundle that answered' }),
  items: Type.Array(
    Type.Object({
      itemId: Type.String(),
      score: Type.Number({ description: 'Expected watch time in seconds, after rule adjustments' }),
      rank: Type.Integer({ minimum: 1 }),
    }),
  ),
});

export const getRecommendationsSchema = {
  summary: 'Recommend items for a user',
  description:
    'User state -> query tower -> HNSW candidates -> watch-time ranker -> rules (no watched or disliked ' +
    'items, freshness boost, per-topic cap) -> top k.',
  tags: ['recommendations'],
  params: RecommendationParamsSchema,
  querystring: RecommendationQuerySchema,
  response: { 200: RecommendationSchema, ...errorResponses(400, 503) },
};
