/**
 * Every error code reco answers with, in one table: its HTTP status, what it means (written into
 * openapi.yaml, per status) and its message. Every place that builds an error body takes the
 * status and the wording from here, so a code cannot answer two statuses or be left out of the
 * contract. A message is a function of the few facts it names, so its parameters are
 * type-checked where the error is raised.
 */
export const REGISTRY = {
  VALIDATION_ERROR: {
    status: 400,
    meaning: 'the request does not match its schema, or fails a check beyond it; `details` lists the fields',
    message: (p: { problem: string }) => p.problem,
  },
  INVALID_JSON: {
    status: 400,
    meaning: 'the body is not JSON, is empty, or an object repeats a key',
    message: (p: { problem?: string; duplicateKey?: string }) =>
      p.duplicateKey !== undefined
        ? `an object repeats the key ${JSON.stringify(p.duplicateKey)}`
        : (p.problem ?? 'the body is not valid JSON'),
  },
  INVALID_UTF8: {
    status: 400,
    meaning: 'the body is not valid UTF-8',
    message: () => 'the body is not valid UTF-8',
  },
  INVALID_CONTENT_LENGTH: {
    status: 400,
    meaning: 'Content-Length does not match the body',
    message: (p: { problem: string }) => p.problem,
  },
  BAD_URL: {
    status: 400,
    meaning: 'the URL cannot be routed',
    message: (p: { problem: string }) => p.problem,
  },
  BAD_REQUEST: {
    status: 400,
    meaning: 'any other request the server cannot read',
    message: (p: { problem: string }) => p.problem,
  },
  MALFORMED_REQUEST: {
    status: 400,
    meaning: 'not HTTP/1.0 or HTTP/1.1, or HTTP/1.1 without a Host header',
    message: (p: { reason: 'http_version' | 'no_host' | 'unparsable' }) =>
      ({
        http_version: 'only HTTP/1.0 and HTTP/1.1 are served',
        no_host: 'an HTTP/1.1 request needs a Host header',
        unparsable: 'the request is not valid HTTP/1.1',
      })[p.reason],
  },
  INVALID_CURSOR: {
    status: 400,
    meaning:
      'the cursor is malformed or altered, or belongs to another user or to a request with other parameters',
    message: (p: { reason: 'malformed' | 'altered' | 'other_user' | 'other_request' }) =>
      ({
        malformed: 'the cursor is not one this service issued',
        altered: 'the cursor was altered',
        other_user: "the cursor belongs to another user's list",
        other_request:
          'the cursor belongs to a request with other parameters; leave them out or send the same',
      })[p.reason],
  },
  UNKNOWN_PLACEMENT: {
    status: 400,
    meaning: 'the placement is not configured (GET /placements lists those that are)',
    message: (p: { placement: string; known: readonly string[] }) =>
      `unknown placement ${JSON.stringify(p.placement.slice(0, 64))} (known: ${p.known.join(', ')})`,
  },
  UNAUTHORIZED: {
    status: 401,
    meaning:
      'a missing or invalid API key (client routes when RECO_API_KEYS is set; admin routes when RECO_ADMIN_KEYS is)',
    message: (p: { reason: 'missing' | 'invalid' }) =>
      p.reason === 'missing'
        ? 'an API key is required (x-api-key or authorization: Bearer)'
        : 'the API key is not valid',
  },
  FORBIDDEN: {
    status: 403,
    meaning: 'a client key on an admin route, or admin routes off because RECO_ADMIN_KEYS is empty',
    message: (p: { reason: 'client_key' | 'admin_local_only' | 'admin_off' }) =>
      ({
        client_key: 'this route needs an admin key (RECO_ADMIN_KEYS)',
        admin_local_only: 'admin routes answer only clients on this host while RECO_ADMIN_KEYS is empty',
        admin_off:
          'admin routes are off: set RECO_ADMIN_KEYS to use them on a server that listens beyond loopback',
      })[p.reason],
  },
  NOT_FOUND: {
    status: 404,
    meaning: 'no such route',
    message: (p: { method: string; path: string }) => `no route ${p.method} ${p.path}`,
  },
  ITEM_NOT_FOUND: {
    status: 404,
    meaning: 'the item is not in the served catalogue',
    message: (p: { itemId: string }) => `item "${p.itemId}" is not in the model's catalogue`,
  },
  USER_NOT_FOUND: {
    status: 404,
    meaning: 'the user is neither in the served bundle nor in the event store',
    message: (p: { userId: string }) => `user "${p.userId}" has no history and no profile here`,
  },
  REQUEST_TIMEOUT: {
    status: 408,
    meaning: 'the request was not received within RECO_REQUEST_TIMEOUT_MS / RECO_HEADERS_TIMEOUT_MS',
    message: (p: { part: 'request' | 'headers' }) =>
      p.part === 'headers'
        ? 'the request headers were not received in time'
        : 'the request was not received in time',
  },
  ITEM_RETIRED: {
    status: 409,
    meaning: 'the item was retired (DELETE /items/:itemId), which is for good: it cannot be shown again',
    message: (p: { itemId: string }) => `item "${p.itemId}" is retired and cannot be unhidden`,
  },
  CATALOGUE_SHRANK: {
    status: 409,
    meaning:
      'the retrained bundle has fewer items than RECO_RETRAIN_MAX_SHRINK allows; the served one keeps serving',
    message: (p: { detail?: string }) =>
      p.detail ?? 'the retrained catalogue shrank; the served bundle keeps serving',
  },
  USERS_SHRANK: {
    status: 409,
    meaning:
      'the retrained bundle has fewer users than RECO_RETRAIN_MAX_SHRINK allows; the served one keeps serving',
    message: (p: { detail?: string }) =>
      p.detail ?? 'the retrained users shrank; the served bundle keeps serving',
  },
  QUALITY_DROPPED: {
    status: 409,
    meaning:
      'the retrained bundle scored below the served one on the same validation users; the served one keeps serving',
    message: (p: { detail?: string }) =>
      p.detail ?? 'the retrained bundle scored lower; the served bundle keeps serving',
  },
  RETRAIN_REFUSED: {
    status: 409,
    meaning: 'the retrained bundle was refused for another reason; the served one keeps serving',
    message: (p: { detail?: string }) =>
      p.detail ?? 'the retraining was refused; the current model keeps serving',
  },
  CURSOR_EXPIRED: {
    status: 410,
    meaning:
      'the paged list is gone (older than RECO_PAGE_TTL_MS, evicted, or issued by another server process: paging needs session affinity); ask for the first page again, with exclude= for the items already shown',
    message: (p: { reason: 'expired' | 'other_process' }) =>
      p.reason === 'expired'
        ? 'the paged list has expired; ask for the first page again (exclude what is on screen)'
        : 'the cursor was issued by another server process; ask for the first page again (exclude what is on screen)',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    meaning: 'the body (or a chunk extension) is larger than the limit (RECO_BODY_LIMIT_BYTES)',
    message: (p: { problem: string }) => p.problem,
  },
  URI_TOO_LONG: {
    status: 414,
    meaning: 'a path parameter is longer than 512 characters',
    message: () => 'a path parameter is longer than 512 characters',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    meaning: 'a content type other than application/json, or a charset other than UTF-8',
    message: (p: { problem?: string; charset?: string }) =>
      p.charset !== undefined
        ? `JSON must be UTF-8, not ${p.charset}`
        : (p.problem ?? 'the body must be JSON'),
  },
  UNSUPPORTED_CONTENT_ENCODING: {
    status: 415,
    meaning: 'a Content-Encoding other than identity',
    message: (p: { encoding: string }) =>
      `Content-Encoding ${JSON.stringify(p.encoding.slice(0, 40))} is not supported; send the body uncompressed`,
  },
  BUNDLE_INVALID: {
    status: 422,
    meaning:
      'the model bundle is refused: invalid manifest, missing or truncated weights, low index recall or dimension mismatch',
    message: (p: { problem: string }) => p.problem,
  },
  RATE_LIMITED: {
    status: 429,
    meaning:
      'too many requests for the key (RECO_RATE_LIMIT) or too many failed authentications from the address (RECO_AUTH_FAILURE_LIMIT); see Retry-After',
    message: (
      p: { limit: 'auth_failures'; seconds: number } | { limit: 'per_key'; max: number; after: string },
    ) =>
      p.limit === 'auth_failures'
        ? `too many failed authentications from this address; retry in ${p.seconds} s`
        : `rate limit of ${p.max} requests per minute exceeded; retry in ${p.after}`,
  },
  HEADERS_TOO_LARGE: {
    status: 431,
    meaning: 'the request headers are too large',
    message: () => 'the request headers are larger than the server accepts',
  },
  INTERNAL_ERROR: {
    status: 500,
    meaning: 'a fault of the server, logged there; the answer never carries its internals',
    message: () => 'Internal server error',
  },
  MODEL_NOT_READY: {
    status: 503,
    meaning: 'no model bundle is loaded yet',
    message: () => 'no model bundle is loaded yet',
  },
  USER_BUDGET_EXCEEDED: {
    status: 503,
    meaning:
      "in POST /recommendations/batch, this user's list took longer than RECO_BATCH_USER_BUDGET_MS; the other users were answered, retry this one",
    message: (p: { ms: number }) => `this user's list took longer than ${p.ms} ms; retry it`,
  },
  STORE_UNAVAILABLE: {
    status: 503,
    meaning: 'the event store (or the shared state server) is unreachable; nothing was acknowledged, retry',
    message: (p: { problem: string }) => p.problem,
  },
  METRICS_UNAVAILABLE: {
    status: 503,
    meaning: 'under --workers, a worker did not report its metrics in time',
    message: (p: { problem: string }) => p.problem,
  },
  TRAINING_FAILED: {
    status: 503,
    meaning: 'a retraining could not run or did not finish; the served bundle keeps serving',
    message: (p: { detail?: string }) => p.detail ?? 'the retraining failed; the current model keeps serving',
  },
  RELOAD_REFUSED: {
    status: 503,
    meaning:
      'the retrained bundle was written but the server refused to load it; the served one keeps serving',
    message: (p: { detail?: string }) =>
      p.detail ?? 'the retrained bundle could not be loaded; the current model keeps serving',
  },
  CONFIG_INVALID: {
    // Raised at start-up (flags, settings, key files), never answered over HTTP.
    status: 400,
    meaning: 'a bad command-line flag or configuration value',
    message: (p: { problem: string }) => p.problem,
  },
  DATA_INVALID: {
    // Raised by `reco train` and `reco evaluate` reading a data directory, never answered over
    // HTTP (a server's retraining runs `reco train` as a child and answers TRAINING_FAILED).
    status: 422,
    meaning: 'a data directory is missing its files, or one of them has a malformed line',
    message: (p: { path: string; line?: number; problem: string }) =>
      `${p.path}${p.line === undefined ? '' : `:${p.line}`}: ${p.problem}`,
  },
  STORE_SCHEMA_NEWER: {
    // Raised when the event store is opened (start-up, `reco train --from-store`), never
    // answered over HTTP.
    status: 503,
    meaning: 'the event store was written by a newer reco, whose schema this one cannot read',
    message: (p: { store: string; found: number; supported: number }) =>
      `${p.store}: event store schema ${p.found} is newer than this reco's (${p.supported}); upgrade reco or open another store`,
  },
} as const satisfies Record<string, { status: number; meaning: string; message: (p: never) => string }>;

export type ErrorCode = keyof typeof REGISTRY;
