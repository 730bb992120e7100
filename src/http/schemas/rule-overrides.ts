import { Type } from '@sinclair/typebox';

/**
 * The request's rule overrides, one field each with its range: the GET query string, the POST
 * body's `rules` and a placement's `rules` (GET /placements) share them, so the three cannot
 * drift apart. Each replaces the bundle's `config.rules` value for one request.
 */
export const RULE_OVERRIDE_FIELDS = {
  freshnessBoost: Type.Optional(
    Type.Number({
      minimum: 0,
      maximum: 100,
      description: "Override the freshness rule's boost for this request",
    }),
  ),
  diversityLambda: Type.Optional(
    Type.Number({ minimum: 0, maximum: 1, description: 'Override the MMR trade-off (1 = relevance only)' }),
  ),
  maxPerTopic: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 100, description: 'Override the per-topic cap (0 = no cap)' }),
  ),
  maxPerProvider: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 100,
      description: 'Override the provider cap: most items of one provider per 10 positions (0 = no cap)',
    }),
  ),
  longTailMin: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 10,
      description:
        'Override the long-tail floor: items per 10 positions from outside the most watched longTailHeadPercent % (0 = off)',
    }),
  ),
  longTailHeadPercent: Type.Optional(
    Type.Number({
      exclusiveMinimum: 0,
      maximum: 100,
      description: 'Override the head of the long-tail floor: the most watched share of items (per cent)',
    }),
  ),
  longTailMargin: Type.Optional(
    Type.Number({
      minimum: 0,
      maximum: 1,
      description:
        'Override the long-tail margin: a tail item replaces a head item only when it scores at least (1 − margin) × its score',
    }),
  ),
};

export const RULE_OVERRIDE_NAMES = Object.keys(RULE_OVERRIDE_FIELDS) as (keyof typeof RULE_OVERRIDE_FIELDS)[];

export const RuleOverridesSchema = Type.Object(RULE_OVERRIDE_FIELDS, {
  additionalProperties: false,
  description: "Overrides of the bundle's rule parameters (the README's rules table)",
});
