import { Type } from '@sinclair/typebox';
import { type OriginName, SOURCE_NAMES } from '../../bundle/sources-config.ts';
import { errorResponses } from './errors.ts';
import { CursorSchema, MAX_EXCLUDE, PageSizeSchema, PlacementNameSchema } from './list-fields.ts';
import { RecommendationBodySchema } from './recommendation-body.ts';
import { RULE_OVERRIDE_FIELDS } from './rule-overrides.ts';
import { withDefault } from './typing.ts';

/** Items per list when the request does not say (GET /recommendations, /items/:id/similar). */
const DEFAULT_K = 10;

export const RecommendationParamsSchema = Type.Object({
  userId: Type.String({
    minLength: 1,
    maxLength: 256,
    description: 'Any user id; unknown users get a cold-start list',
  }),
});

/**
 * Parameters with a default are optional to the client (the validator fills the default in
 * before the handler runs), so the contract marks them so and a generated client may omit them;
 * the handler's type has them (withDefault).
 */
export const RecommendationQuerySchema = Type.Object(
  {
    k: Type.Optional(PageSizeSchema),
    device: Type.Optional(Type.String({ maxLength: 64, description: 'Request context: device' })),
    country: Type.Optional(Type.String({ maxLength: 64, description: 'Request context: country' })),
    explain: withDefault(
      Type.Boolean({ default: false, description: 'Add per-item traces of every stage and rule' }),
    ),
    topics: Type.Optional(
      Type.String({ maxLength: 2048, description: 'Comma-separated topics: only items of these topics' }),
    ),
    excludeTopics: Type.Optional(
      Type.String({ maxLength: 2048, description: 'Comma-separated topics: no items of these topics' }),
    ),
    maxAgeDays: Type.Optional(
      Type.Number({ minimum: 0, description: 'Only items published at most this many days ago' }),
    ),
    ...RULE_OVERRIDE_FIELDS,
    pinned: Type.Optional(
      Type.String({
        maxLength: 2048,
        description:
          'Items to place after ranking and the rules, as in a,b:3 (b at position 3; unslotted ones first); unknown items are skipped',
      }),
    ),
    sources: Type.Optional(
      Type.String({
        maxLength: 256,
        description:
          `Candidate quotas by source for this request, as in ann:150,fresh:20 (sources: ${SOURCE_NAMES.join(', ')}; ` +
          "0 turns one off; the others keep the model's quotas)",
      }),
    ),
    exclude: Type.Optional(
      Type.String({
        maxLength: 16_384,
        description: `Comma-separated items the list must not contain (already on screen), at most ${MAX_EXCLUDE}; dropped before ranking, so the list still has k items when it can. Longer lists, or ids with commas: POST`,
      }),
    ),
    placement: Type.Optional(PlacementNameSchema),
    cursor: Type.Optional(CursorSchema),
  },
  { additionalProperties: false },
);

const RuleStepSchema = Type.Object({
  rule: Type.String(),
  action: Type.Union([Type.Literal('moved'), Type.Literal('boosted'), Type.Literal('demoted')]),
  from: Type.Optional(Type.Integer({ description: '1-based position before the rule' })),
  to: Type.Optional(Type.Integer({ description: '1-based position after the rule' })),
  factor: Type.Optional(Type.Number({ description: 'Score multiplier the rule applied' })),
});

const ExplanationSchema = Type.Object({
  retrievalScore: Type.Number({ description: 'ψ(x)·v from the candidate generator' }),
  retrievalRank: Type.Integer({
    description: '1-based rank among the retrieved candidates (0: pinned, not retrieved)',
  }),
  rankerScore: Type.Optional(
    Type.Number({
      description:
        'Expected watch time (seconds) from the ranker, before rules; absent when the model has no ranker (trained on data without impressions)',
    }),
  ),
  rules: Type.Array(RuleStepSchema),
  sources: Type.Optional(
    Type.Array(
      Type.Object({
        source: Type.Unsafe<OriginName>(Type.String({ enum: [...SOURCE_NAMES, 'pinned'] })),
        rank: Type.Integer({ minimum: 1, description: "1-based rank in that source's list" }),
      }),
      { description: 'The candidate sources that produced the item' },
    ),
  ),
});

export const RecommendationSchema = Type.Object({
  userId: Type.String(),
  modelVersion: Type.String({ description: 'Version of the model bundle that answered' }),
  recommendationId: Type.String({
    description:
      'Unique id of the computed list (16 random bytes, base64url), the same on every page of it: send it back with POST /events',
  }),
  nextCursor: Type.Union([Type.String(), Type.Null()], {
    description: 'Pass as `cursor` for the next page of the same list; null on the last page',
  }),
  items: Type.Array(
    Type.Object({
      itemId: Type.String(),
      score: Type.Number({
        description:
          'Ranking score, higher first: exp(ψ·v − max ψ·v) × E[watch time]^β (β learnt at training; ' +
          '0 = retrieval order), after rule adjustments. explain=true shows the expected watch time.',
      }),
      rank: Type.Integer({ minimum: 1 }),
      explain: Type.Optional(ExplanationSchema),
    }),
  ),
  removed: Type.Optional(
    Type.Array(Type.Object({ itemId: Type.String(), rule: Type.String(), reason: Type.String() }), {
      description: 'With explain=true: candidates the rules removed, and why',
    }),
  ),
});

export const getRecommendationsSchema = {
  operationId: 'getRecommendations',
  summary: 'Recommend items for a user',
  description:
    'User state -> query tower -> candidate sources (HNSW nearest items; related, neighbours, fresh, trending ' +
    'when their quotas are on), merged -> watch-time ranker -> rules (request filters, no ' +
    'watched or disliked items, demotion of items like disliked ones, freshness boost, MMR diversity, ' +
    'per-topic cap, long-tail floor, provider cap) -> top k.',
  tags: ['recommendations'],
  params: RecommendationParamsSchema,
  querystring: RecommendationQuerySchema,
  response: { 200: RecommendationSchema, ...errorResponses(400, 401, 410, 429, 503) },
};

export const postRecommendationsSchema = {
  operationId: 'postRecommendations',
  summary: 'Recommend items for a user (parameters as JSON)',
  description:
    'The list of GET /recommendations/{userId}, its parameters in a JSON body: for what a URL cannot ' +
    `carry, such as an exclude list of up to ${MAX_EXCLUDE} ids or ids with commas. A user id of "batch" ` +
    'is POST /recommendations/batch: ask for that user with GET.',
  tags: ['recommendations'],
  params: RecommendationParamsSchema,
  body: RecommendationBodySchema,
  response: { 200: RecommendationSchema, ...errorResponses(400, 401, 410, 413, 415, 429, 503) },
};

export const SimilarParamsSchema = Type.Object({ itemId: Type.String({ minLength: 1, maxLength: 256 }) });

export const SimilarQuerySchema = Type.Object(
  {
    k: withDefault(
      Type.Integer({ minimum: 1, maximum: 100, default: DEFAULT_K, description: 'Number of items' }),
    ),
    userId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 256,
        description: "Leave out this user's watched and disliked items",
      }),
    ),
  },
  { additionalProperties: false },
);

export const SimilarItemsSchema = Type.Object({
  itemId: Type.String(),
  modelVersion: Type.String(),
  items: Type.Array(
    Type.Object({
      itemId: Type.String(),
      score: Type.Number({ description: 'Inner product of the two item embeddings' }),
      rank: Type.Integer({ minimum: 1 }),
    }),
  ),
});

export const getSimilarSchema = {
  operationId: 'getSimilarItems',
  summary: 'Items related to an item',
  description:
    'Nearest items in the embedding space (the "related videos" source); precomputed for popular items.',
  tags: ['recommendations'],
  params: SimilarParamsSchema,
  querystring: SimilarQuerySchema,
  response: { 200: SimilarItemsSchema, ...errorResponses(400, 401, 404, 429, 503) },
};
