import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type ErrorCode, isRecoError, messageOf, recoError, statusOf } from '../../errors.ts';
import type { ErrorBody } from '../schemas/errors.ts';
import { applySecurityHeaders } from './security-headers.ts';

/** The one error body; its status is the registry's for the code (src/errors.ts). */
const errorBody = (code: string, message: string, details?: unknown): ErrorBody => ({
  error: details === undefined ? { code, message } : { code, message, details },
});

/** Sends a registered error: status and body from the same registry entry. */
const send = (reply: FastifyReply, code: ErrorCode, message: string, details?: unknown) =>
  reply.status(statusOf(code)).send(errorBody(code, message, details));

/**
 * Fastify's own coded errors that are the client's fault, mapped to reco codes. Fastify's message
 * is kept: it says what was wrong with this request and names nothing of the server.
 */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_CONTENT_LENGTH',
};

/** Router-level errors (before any route runs): same body shape as everything else. */
export function frameworkErrorHandler(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  // No onRequest hook runs before these: the security headers are set here.
  applySecurityHeaders(reply);
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') send(reply, 'URI_TOO_LONG', messageOf('URI_TOO_LONG'));
  else send(reply, 'BAD_URL', messageOf('BAD_URL', { problem: err.message }));
}

/**
 * One error handler for the whole API: every error leaves as `{ error: { code, message,
 * details } }`. 4xx keep their message (the client needs it); 5xx are logged and replaced by
 * a generic message, so internals never leak.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err.validation) {
      const details = err.validation.map((v) => ({
        field: `${err.validationContext ?? ''}${v.instancePath}`,
        message: v.message,
        ...(v.params && Object.keys(v.params).length ? { params: v.params } : {}),
      }));
      return send(
        reply,
        'VALIDATION_ERROR',
        messageOf('VALIDATION_ERROR', { problem: err.message }),
        details,
      );
    }
    if (isRecoError(err)) {
      // 503s are passing states (no bundle yet, a store or a worker not answering): warnings.
      if (err.statusCode === 503) req.log.warn({ err }, 'request failed');
      else if (err.statusCode >= 500) req.log.error({ err }, 'request failed');
      return reply.status(err.statusCode).send(errorBody(err.code, err.message, err.details));
    }
    const mapped = err.code ? FASTIFY_CODES[err.code] : undefined;
    if (mapped) return send(reply, mapped, err.message);
    // JSON parse errors from the body parser carry a 400 status and no fastify code.
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      const e =
        err instanceof SyntaxError
          ? recoError('INVALID_JSON', { problem: err.message })
          : recoError('BAD_REQUEST', { problem: err.message });
      // The status fastify chose is kept (it knows the case better than a catch-all does).
      return reply.status(err.statusCode).send(errorBody(e.code, e.message));
    }
    req.log.error({ err }, 'request failed');
    return send(reply, 'INTERNAL_ERROR', messageOf('INTERNAL_ERROR'));
  });

  app.setNotFoundHandler((req, reply) =>
    send(reply, 'NOT_FOUND', messageOf('NOT_FOUND', { method: req.method, path: req.url.split('?')[0] })),
  );
}
