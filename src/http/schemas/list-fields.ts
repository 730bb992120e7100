import { Type } from '@sinclair/typebox';

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
