import { type ErrorArgs, isErrorCode, messageOf, statusOf } from './codes.ts';
import type { ErrorCode } from './registry.ts';

/**
 * Every error reco raises on purpose carries a stable machine-readable `code` and the HTTP
 * status it maps to. The HTTP error handler turns it into `{ error: { code, message, details } }`.
 * Raise a registered code with `recoError` (its status and wording come from the table); the
 * constructor stays for codes carried from elsewhere (a retrain outcome's), whose status falls
 * back to the table's when the code is registered.
 */
export class RecoError extends Error {
  readonly code: string;
  readonly statusCode: number;
  readonly details?: unknown;

  constructor(code: string, message: string, statusCode?: number, details?: unknown) {
    super(message);
    this.name = 'RecoError';
    this.code = code;
    this.statusCode = statusCode ?? (isErrorCode(code) ? statusOf(code) : 400);
    this.details = details;
  }
}

/** The error for a registered code: the table's status and message. */
export function recoError<C extends ErrorCode>(code: C, ...[params, details]: ErrorArgs<C>): RecoError {
  const message = messageOf(code, ...([params] as ErrorArgs<C>));
  return new RecoError(code, message, statusOf(code), details);
}

/** Input that fails a check beyond the JSON schema (e.g. an impossible timestamp). */
export class ValidationError extends RecoError {
  constructor(message: string, details?: unknown) {
    super('VALIDATION_ERROR', message, statusOf('VALIDATION_ERROR'), details);
    this.name = 'ValidationError';
  }
}

/** One problem of a batch: which element, which field, what is wrong. */
export interface BatchProblem {
  index: number;
  field: string;
  message: string;
}

/**
 * The 400 for a rejected batch (events, items): names the first problem and how many more, lists
 * them all in `details`; batches are all-or-nothing, so nothing was stored.
 */
export function batchValidationError(noun: string, problems: readonly BatchProblem[]): ValidationError {
  const first = problems[0];
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return new ValidationError(
    `${noun} ${first.index}: ${first.field} ${first.message}${more}; nothing was stored`,
    problems,
  );
}

/** No model bundle is loaded yet: the service is alive but not ready. */
export class ModelNotReadyError extends RecoError {
  constructor(message = messageOf('MODEL_NOT_READY')) {
    super('MODEL_NOT_READY', message, statusOf('MODEL_NOT_READY'));
    this.name = 'ModelNotReadyError';
  }
}

/** A model bundle on disk is missing, malformed or incompatible. */
export class BundleError extends RecoError {
  constructor(message: string, details?: unknown) {
    // 422: the request (e.g. POST /admin/reload) was understood, but the bundle is unusable.
    super('BUNDLE_INVALID', message, statusOf('BUNDLE_INVALID'), details);
    this.name = 'BundleError';
  }
}

/** A bad command-line flag or configuration value. */
export class ConfigError extends RecoError {
  constructor(message: string) {
    super('CONFIG_INVALID', message, statusOf('CONFIG_INVALID'));
    this.name = 'ConfigError';
  }
}

/**
 * The event store (or the shared state server) could not be reached. For an append this means
 * the batch was not acknowledged: the client retries it, and `eventId` makes the retry safe.
 */
export class StoreUnavailableError extends RecoError {
  constructor(message: string) {
    super('STORE_UNAVAILABLE', message, statusOf('STORE_UNAVAILABLE'));
    this.name = 'StoreUnavailableError';
  }
}

/**
 * GET /metrics under `--workers`: a worker did not answer the primary's collection in time
 * (busy loading a bundle, typically at start-up). Prometheus retries at the next scrape.
 */
export class MetricsUnavailableError extends RecoError {
  constructor(message: string) {
    super('METRICS_UNAVAILABLE', message, statusOf('METRICS_UNAVAILABLE'));
    this.name = 'MetricsUnavailableError';
  }
}

export function isRecoError(e: unknown): e is RecoError {
  return e instanceof RecoError;
}
