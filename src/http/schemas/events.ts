import { Type } from '@sinclair/typebox';
import {
  ContextSchema,
  EVENT_TYPES,
  MAX_POSITION,
  MAX_QUERY_LENGTH,
  MAX_RECOMMENDATION_ID,
} from '../../data/types.ts';
import { errorResponses } from './errors.ts';
import { refTo } from './typing.ts';

/** Largest batch accepted by POST /events (documented in the API). */
export const MAX_BATCH = 10_000;
/** Longest watch time accepted, in seconds (about 11.6 days: more is a unit mistake, e.g. ms). */
export const MAX_WATCH_TIME_SEC = 1_000_000;

const IdSchema = (what: string, more = '') =>
  Type.Union([Type.String({ minLength: 1, maxLength: 256 }), Type.Integer({ minimum: 0 })], {
    description: `${what} id: a string, or a JSON integer read as its decimal string${more}`,
  });

export const EventInputSchema = Type.Object(
  {
    userId: IdSchema('User'),
    itemId: Type.Optional(IdSchema('Item', '. Required on every type but search; refused on search')),
    type: Type.Union(
      [...EVENT_TYPES, 'search' as const].map((t) => Type.Literal(t)),
      { description: 'impression = shown; watch, like, dislike, skip = reactions; search = a query typed' },
    ),
    query: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: MAX_QUERY_LENGTH,
        description: `The search text (search events only, required there), 1 to ${MAX_QUERY_LENGTH} characters`,
      }),
    ),
    watchTime: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: MAX_WATCH_TIME_SEC,
        description: 'Seconds watched (watch events only; absent = a plain positive)',
      }),
    ),
    timestamp: Type.Optional(
      Type.Union([Type.String({ maxLength: 40 }), Type.Integer()], {
        description: 'ISO 8601 date-time or epoch milliseconds; default: the time the server receives it',
      }),
    ),
    eventId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 128,
        description: 'Client id; a retry with the same id is not stored twice',
      }),
    ),
    context: Type.Optional(ContextSchema),
    recommendationId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: MAX_RECOMMENDATION_ID,
        pattern: '^[A-Za-z0-9_-]+$',
        description:
          'The `recommendationId` of the list the item was shown in (item events only; not on searches)',
      }),
    ),
    position: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: MAX_POSITION,
        description: "The item's 0-based place in that list (item events only)",
      }),
    ),
  },
  { additionalProperties: false, $id: 'EventInput', title: 'EventInput' },
);

export const EventsBodySchema = Type.Union(
  [refTo(EventInputSchema), Type.Array(refTo(EventInputSchema), { minItems: 1, maxItems: MAX_BATCH })],
  { description: `One event or an array of 1 to ${MAX_BATCH}. A batch is all-or-nothing.` },
);

export const EventsAcceptedSchema = Type.Object(
  {
    accepted: Type.Integer({ description: 'Events stored by this request' }),
    duplicates: Type.Integer({ description: 'Events whose eventId was already stored (not stored again)' }),
  },
  { additionalProperties: false },
);

export const postEventsSchema = {
  operationId: 'postEvents',
  summary: 'Record user events',
  description:
    'Validates and durably stores events (SQLite WAL with synchronous writes, or PostgreSQL after ' +
    'COMMIT) before answering 202. The next recommendation for each user reflects them, on every ' +
    'replica: watched items leave the list and join the history, disliked items never come back. ' +
    'A batch is all-or-nothing and idempotent on eventId; 503 STORE_UNAVAILABLE means nothing was ' +
    'acknowledged: retry with the same eventIds.',
  tags: ['events'],
  body: EventsBodySchema,
  response: { 202: EventsAcceptedSchema, ...errorResponses(400, 401, 413, 415, 429, 503) },
};
