import { Type } from '@sinclair/typebox';
import { errorResponses } from './errors.ts';
import { SourceQuotasSchema } from './list-fields.ts';
import { RuleOverridesSchema } from './rule-overrides.ts';

const K = (what: string) => Type.Integer({ minimum: 1, maximum: 100, description: what });

/** One placement as GET /placements shows it. */
export const PlacementSchema = Type.Object({
  name: Type.String(),
  description: Type.String(),
  defaultK: K('Items per page when the request gives no k'),
  maxK: K('Largest k a request may ask for'),
  rules: RuleOverridesSchema,
  sources: SourceQuotasSchema,
});

/**
 * One placement in the configuration file (`placements:`): every field optional, a left-out one
 * keeps the built-in's of that name. Checked at start-up (http/placements-config.ts).
 */
export const PlacementConfigSchema = Type.Object(
  {
    description: Type.Optional(Type.String({ maxLength: 256 })),
    defaultK: Type.Optional(K('')),
    maxK: Type.Optional(K('')),
    rules: Type.Optional(RuleOverridesSchema),
    sources: Type.Optional(SourceQuotasSchema),
  },
  { additionalProperties: false },
);

export const getPlacementsSchema = {
  operationId: 'getPlacements',
  summary: 'List the placements',
  description:
    'The surfaces a request may name (`placement`): built-in home, watch-next and email, and those of the ' +
    'configuration file, each with its page sizes and its overrides of the bundle’s rules and candidate quotas ' +
    '(a request’s own parameters override them in turn).',
  tags: ['recommendations'],
  response: {
    200: Type.Object({ placements: Type.Array(PlacementSchema) }),
    ...errorResponses(401, 429),
  },
};
