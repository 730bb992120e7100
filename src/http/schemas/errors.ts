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
  400: 'Invalid request (VALIDATION_ERROR, INVALID_JSON)',
  401: 'Missing or invalid API key, when RECO_API_KEYS is set (UNAUTHORIZED)',
  429: 'Rate limit exceeded, when RECO_RATE_LIMIT is set (RATE_LIMITED)',
  404: 'Unknown route (NOT_FOUND) or item (ITEM_NOT_FOUND)',
  413: 'Body larger than the limit (PAYLOAD_TOO_LARGE)',
  422: 'Model bundle refused: invalid manifest, low index recall or dimension mismatch (BUNDLE_INVALID)',
  415: 'Content type other than application/json (UNSUPPORTED_MEDIA_TYPE)',
  503: 'No model bundle loaded yet (MODEL_NOT_READY)',
};
