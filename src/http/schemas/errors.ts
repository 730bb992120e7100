import { type Static, Type } from '@sinclair/typebox';

/** The one error body every 4xx and 5xx carries. `code` is stable and machine-readable. */
export const ErrorBodySchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable machine-readable error code, e.g. VALIDATION_ERROR' }),
      message: Type.String({ description: 'Human-readable explanation' }),
      details: Type.Optional(Type.Unknown({ description: 'Per-field problems, when there are any' })),
    }),
  },
  { $id: 'ErrorBody', title: 'ErrorBody' },
);
export type ErrorBody = Static<typeof ErrorBodySchema>;

/** Error responses shared by the route schemas. */
export const errorResponses = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((c) => [c, { $ref: 'ErrorBody#', description: ERROR_DESCRIPTIONS[c] ?? 'Error' }]),
  );

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request (VALIDATION_ERROR, INVALID_JSON, INVALID_UTF8, BAD_URL, MALFORMED_REQUEST)',
  401: 'Missing or invalid API key, when RECO_API_KEYS is set; on admin routes, when RECO_ADMIN_KEYS is (UNAUTHORIZED)',
  403: 'A client key on an admin route, or admin routes off because RECO_ADMIN_KEYS is empty (FORBIDDEN)',
  404: 'Unknown route (NOT_FOUND) or item (ITEM_NOT_FOUND)',
  408: 'The request was not received within RECO_REQUEST_TIMEOUT_MS / RECO_HEADERS_TIMEOUT_MS (REQUEST_TIMEOUT)',
  409: 'The retrained bundle was refused (CATALOGUE_SHRANK, USERS_SHRANK, QUALITY_DROPPED, RELOAD_REFUSED); the served one keeps serving',
  413: 'Body larger than the limit (PAYLOAD_TOO_LARGE)',
  415: 'Content type other than application/json, a charset other than UTF-8, or a Content-Encoding other than identity (UNSUPPORTED_MEDIA_TYPE, UNSUPPORTED_CONTENT_ENCODING)',
  422: 'Model bundle refused: invalid manifest, missing or truncated weights, low index recall or dimension mismatch (BUNDLE_INVALID)',
  429: 'Too many requests for the key (RECO_RATE_LIMIT) or too many failed authentications from the address (RECO_AUTH_FAILURE_LIMIT); see Retry-After (RATE_LIMITED)',
  431: 'Request headers too large (HEADERS_TOO_LARGE)',
  503: 'No model bundle loaded yet (MODEL_NOT_READY), the store unreachable (STORE_UNAVAILABLE), or a training failed (TRAINING_FAILED)',
};
