import { Type } from '@sinclair/typebox';
import {
  CursorSchema,
  MAX_EXCLUDE,
  PageSizeSchema,
  PlacementNameSchema,
  SourceQuotasSchema,
} from './list-fields.ts';
import { RuleOverridesSchema } from './rule-overrides.ts';

const ItemIdSchema = Type.String({ minLength: 1, maxLength: 256 });
const TopicsSchema = Type.Array(Type.String({ minLength: 1, maxLength: 256 }), { maxItems: 256 });

/**
 * The parameters of GET /recommendations/:userId as JSON (POST /recommendations/:userId), for
 * what a URL cannot carry: long `exclude` lists, ids with commas. Structured where the query
 * string packs a list into a string (`sources`, `pinned`, `topics`).
 */
export const LIST_BODY_FIELDS = {
  k: Type.Optional(PageSizeSchema),
  exclude: Type.Optional(
    Type.Array(ItemIdSchema, {
      maxItems: MAX_EXCLUDE,
      description: `Items the list must not contain (already on screen), at most ${MAX_EXCLUDE}`,
    }),
  ),
  sources: Type.Optional(SourceQuotasSchema),
  pinned: Type.Optional(
    Type.Array(
      Type.Object(
        { itemId: ItemIdSchema, slot: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) },
        { additionalProperties: false },
      ),
      { maxItems: 100, description: 'Items placed after ranking and the rules (at `slot`, else first)' },
    ),
  ),
  filters: Type.Optional(
    Type.Object(
      {
        topics: Type.Optional(TopicsSchema),
        excludeTopics: Type.Optional(TopicsSchema),
        maxAgeDays: Type.Optional(Type.Number({ minimum: 0 })),
      },
      {
        additionalProperties: false,
        description: 'Post-filters: only these topics, none of these, at most this old',
      },
    ),
  ),
  context: Type.Optional(
    Type.Object(
      {
        device: Type.Optional(Type.String({ maxLength: 64 })),
        country: Type.Optional(Type.String({ maxLength: 64 })),
      },
      { additionalProperties: false, description: 'Request context' },
    ),
  ),
  rules: Type.Optional(RuleOverridesSchema),
  explain: Type.Optional(Type.Boolean({ description: 'Add per-item traces of every stage and rule' })),
  placement: Type.Optional(PlacementNameSchema),
};

export const RecommendationBodySchema = Type.Object(
  { ...LIST_BODY_FIELDS, cursor: Type.Optional(CursorSchema) },
  { additionalProperties: false },
);
