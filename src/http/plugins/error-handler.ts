import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isRecoError } from '../../errors.ts';
import type { ErrorBody } from '../schemas/errors.ts';

const body = (code: string, message: string, details?: unknown): ErrorBody => ({
  error: details === undefined ? { code, message } : { code, message, details },
});

/** Fastify's own coded errors that are the client's fault, mapped to reco codes. */
const FASTIFY_CODES: Record<string, [number, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'INVALID_JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'INVALID_JSON'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'PAYLOAD_TOO_LARGE'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'INVALID_CONTENT_LENGTH'],
};

/** Router-level errors (before any route runs): same body shape as everything else. */
export function frameworkErrorHandler(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    reply.status(414).send(body('URI_TOO_LONG', 'a path parameter is longer than 512 characters'));
  } else {
    reply.status(400).send(body('BAD_URL', err.message));
  }
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
      return reply.status(400).send(body('VALIDATION_ERROR', err.message, details));
    }
    if (isRecoError(err)) {
      // 503s are passing states (no bundle yet, a store or a worker not answering): warnings.
      if (err.statusCode === 503) req.log.warn({ err }, 'request failed');
      else if (err.statusCode >= 500) req.log.error({ err }, 'request failed');
      return reply.status(err.statusCode).send(body(err.code, err.message, err.details));
    }
    const mapped = err.code ? FASTIFY_CODES[err.code] : undefined;
    if (mapped) return reply.status(mapped[0]).send(body(mapped[1], err.message));
    // JSON parse errors from the body parser carry a 400 status and no fastify code.
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      const code = err instanceof SyntaxError ? 'INVALID_JSON' : 'BAD_REQUEST';
      return reply.status(err.statusCode).send(body(code, err.message));
    }
    req.log.error({ err }, 'request failed');
    return reply.status(500).send(body('INTERNAL_ERROR', 'Internal server error'));
  });

  app.setNotFoundHandler((req, reply) =>
    reply.status(404).send(body('NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`)),
  );
}
