import { Ajv } from 'ajv';
import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import { registerJsonBody } from './json-body.ts';
import { clientErrorHandler, DEFAULT_TIMEOUTS, type EdgeTimeouts, timeoutOptions } from './plugins/edge.ts';
import { frameworkErrorHandler, registerErrorHandler } from './plugins/error-handler.ts';
import { RetrainOutcomeSchema } from './schemas/admin.ts';
import { ErrorBodySchema } from './schemas/errors.ts';
import { EventInputSchema } from './schemas/events.ts';
import { ItemInputSchema } from './schemas/items.ts';
import { strictNumbers } from './strict-numbers.ts';

/** What the bare instance needs: logging, body size and edge timeouts. */
export interface BaseOptions {
  /** pino options, or false for no logging (tests). */
  logger?: FastifyServerOptions['logger'];
  bodyLimitBytes?: number;
  /** Socket and request timeouts (defaults: DEFAULT_TIMEOUTS). */
  timeouts?: Partial<EdgeTimeouts>;
}

/** The components route schemas refer to by `$ref` (named components of the contract). */
const SHARED_SCHEMAS = [ErrorBodySchema, EventInputSchema, ItemInputSchema, RetrainOutcomeSchema];

/**
 * Two validators: query strings and path parameters arrive as text, so they are coerced
 * ("10" -> 10); JSON bodies are not, so `"userId": true` is an error instead of "true".
 */
function validators() {
  const opts = { allErrors: false, removeAdditional: false as const, useDefaults: true, strict: false };
  return {
    body: new Ajv({ ...opts, coerceTypes: false }),
    text: new Ajv({ ...opts, coerceTypes: 'array' as const }),
  };
}

/**
 * The fastify instance every route runs in: its server options, the validators (which fill
 * defaults in: the handlers' types count on it, see schemas/typing.ts), the request log, the
 * JSON-only body parser and the one error handler. No routes, no access check yet.
 */
export function createFastify(opts: BaseOptions): FastifyInstance {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: opts.bodyLimitBytes ?? 5 * 1024 * 1024,
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    logController: new LogController({ disableRequestLogging: true }),
    // Ids up to 256 characters reach the schema (a 400 naming the field); longer paths get 414.
    routerOptions: { maxParamLength: 512 },
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
    ...timeoutOptions({ ...DEFAULT_TIMEOUTS, ...opts.timeouts }),
  });
  const ajv = validators();
  for (const schema of SHARED_SCHEMAS) {
    app.addSchema(schema);
    ajv.body.addSchema(schema);
    ajv.text.addSchema(schema);
  }
  app.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === 'body'
      ? ajv.body.compile(schema as object)
      : strictNumbers(schema, ajv.text.compile(schema as object)),
  );
  registerRequestLog(app);
  // JSON only: a text/plain body is a client mistake (415), not a string to validate.
  app.removeContentTypeParser('text/plain');
  registerJsonBody(app);
  registerErrorHandler(app);
  return app;
}

/**
 * One log line per request, with its id (fastify's own two lines are disabled), and the id on
 * every response. The path only: a query string may carry what a client should not have put there.
 */
function registerRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', async (req, reply) => {
    req.log.info(
      {
        method: req.method,
        url: req.url.split('?')[0].slice(0, 300),
        route: req.routeOptions.url,
        statusCode: reply.statusCode,
        ms: Number(reply.elapsedTime.toFixed(2)),
      },
      'request',
    );
  });
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
}
