/**
 * Every error code reco answers with, in one table: its HTTP status, what it means (written into
 * openapi.yaml, per status) and its message. Every place that builds an error body takes the
 * status and the wording from here, so a code cannot answer two statuses or be left out of the
 * contract. A message is a function of the few facts it names, so its parameters are
 * type-checked where the error is raised.
 *
 * The table is errors/registry.ts, its look-ups errors/codes.ts, the error classes
 * errors/classes.ts; this module is their one import.
 */
export {
  type BatchProblem,
  BundleError,
  batchValidationError,
  ConfigError,
  isRecoError,
  MetricsUnavailableError,
  ModelNotReadyError,
  RecoError,
  recoError,
  StoreUnavailableError,
  ValidationError,
} from './errors/classes.ts';
export { codesFor, isErrorCode, messageOf, statusOf } from './errors/codes.ts';
export type { ErrorCode } from './errors/registry.ts';
