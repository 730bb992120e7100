import { Type } from '@sinclair/typebox';
import { MAX_QUOTA, SOURCE_NAMES, type SourceQuotas } from '../../bundle/sources-config.ts';

/**
 * Fields of a recommendation list request that the query string, the POST body and the batch's
 * entries share (recommendations.ts, recommendation-body.ts, batch.ts).
 */

/** Most ids one request may exclude (`exclude`); documented in the API. */
export const MAX_EXCLUDE = 1000;

/** Items per page. No default here: it comes from the placement (10 without one), so absent must stay absent. */
export const PageSizeSchema = Type.Integer({
  minimum: 1,
  maximum: 100,
  description: "Items per page; default the placement's defaultK (10 without a placement), at most its maxK",
});

export const PlacementNameSchema = Type.String({
  minLength: 1,
  maxLength: 64,
  description:
    "The surface asking (GET /placements lists them: home, watch-next, email, the configuration file's)",
});

export const CursorSchema = Type.String({
  minLength: 1,
  maxLength: 512,
  description:
    'nextCursor of the previous page: the next page of the same list (the other parameters may be left out; given, they must be the same)',
});

/** Candidate quotas by source (a POST body's, a placement's). */
export const SourceQuotasSchema =
  // Typed as the quotas: the keys come from SOURCE_NAMES, which the type provider cannot follow.
  Type.Unsafe<Partial<SourceQuotas>>(
    Type.Object(
      Object.fromEntries(
        SOURCE_NAMES.map((n) => [n, Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_QUOTA }))]),
      ),
      { additionalProperties: false, description: "Candidate quotas by source; the others keep the model's" },
    ),
  );
