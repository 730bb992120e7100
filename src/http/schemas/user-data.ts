import { Type } from '@sinclair/typebox';
import { ContextSchema, EVENT_TYPES, type EventType } from '../../data/types.ts';
import { errorResponses } from './errors.ts';
import { withDefault } from './typing.ts';

/** Most events in one page of GET /users/:userId/events. */
export const MAX_EVENTS_PAGE = 1000;

const UserParams = Type.Object({ userId: Type.String({ minLength: 1, maxLength: 256 }) });
// Unsafe: a mapped union of literals types as never, and a response is type-checked against it.
const typeSchema = (description: string) =>
  Type.Unsafe<EventType | 'search'>({ type: 'string', enum: [...EVENT_TYPES, 'search'], description });

export const UserEventsQuerySchema = Type.Object(
  {
    limit: withDefault(
      Type.Integer({ minimum: 1, maximum: MAX_EVENTS_PAGE, default: 100, description: 'Events per page' }),
    ),
    cursor: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description: 'The `nextCursor` of the previous page (opaque); absent = the newest events',
      }),
    ),
    type: Type.Optional(typeSchema('Only events of this type')),
  },
  { additionalProperties: false },
);

const StoredEventSchema = Type.Object(
  {
    type: typeSchema('impression, watch, like, dislike, skip, or search'),
    itemId: Type.Optional(Type.String({ description: 'Item events only' })),
    query: Type.Optional(Type.String({ description: 'Searches only' })),
    watchTime: Type.Optional(Type.Number()),
    timestamp: Type.Number({ description: 'Epoch milliseconds' }),
    eventId: Type.Optional(Type.String()),
    context: Type.Optional(ContextSchema),
    recommendationId: Type.Optional(Type.String()),
    position: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false },
);

export const UserEventsSchema = Type.Object({
  userId: Type.String(),
  events: Type.Array(StoredEventSchema),
  nextCursor: Type.Optional(
    Type.String({ description: 'Pass as `cursor` for the next (older) page; absent on the last' }),
  ),
});

export const getUserEventsSchema = {
  operationId: 'getUserEvents',
  summary: "A user's stored events",
  description:
    'What reco stored for a user (item events and searches), newest first, a page at a time. The cursor ' +
    'is a position in the store (time, then insertion order), so events stored meanwhile never shift ' +
    'a page or repeat. A user with nothing stored gets an empty page. Needs an admin key (personal data).',
  tags: ['users'],
  params: UserParams,
  querystring: UserEventsQuerySchema,
  response: { 200: UserEventsSchema, ...errorResponses(400, 401, 403, 429, 503) },
};

const COUNTS = Type.Object(
  Object.fromEntries([...EVENT_TYPES, 'search'].map((t) => [t, Type.Integer({ minimum: 0 })])),
  {
    additionalProperties: false,
    description: 'Stored events the state read, by type; search: every stored search',
  },
);

export const UserSummarySchema = Type.Object({
  userId: Type.String(),
  modelVersion: Type.String(),
  known: Type.Object({
    bundle: Type.Boolean({
      description: "In the served bundle's snapshot (users.json), and not erased since",
    }),
    store: Type.Boolean({ description: 'Has events or searches in the event store' }),
  }),
  erasedAt: Type.Optional(Type.Number({ description: 'When the user was last erased, epoch ms' })),
  watches: Type.Array(Type.Object({ itemId: Type.String(), at: Type.Number({ description: 'Epoch ms' }) }), {
    description: 'The latest watches served from (at most 20), newest first',
  }),
  watchedCount: Type.Integer({ description: 'Distinct items in the served history' }),
  dislikedCount: Type.Integer(),
  counts: COUNTS,
  searchTokens: Type.Integer({ description: 'Search tokens the query tower reads for the user' }),
  firstSeen: Type.Optional(Type.Number({ description: 'Earliest event or snapshot watch, epoch ms' })),
  lastSeen: Type.Optional(Type.Number({ description: 'Latest event or snapshot watch, epoch ms' })),
});

export const getUserSchema = {
  operationId: 'getUser',
  summary: 'The state a user is served from',
  description:
    "For support and debugging: the user's served history (latest watches with times), counts by type of " +
    'the stored events it reads, dislikes, searches, first and last seen, and whether the bundle or the ' +
    'store knows them. Needs an admin key (personal data).',
  tags: ['users'],
  params: UserParams,
  response: { 200: UserSummarySchema, ...errorResponses(400, 401, 403, 404, 429, 503) },
};

export const UserErasedSchema = Type.Object(
  {
    userId: Type.String(),
    erasedEvents: Type.Integer({ description: 'Stored events and searches deleted' }),
  },
  { additionalProperties: false },
);

export const deleteUserSchema = {
  operationId: 'deleteUser',
  summary: 'Forget a user',
  description:
    "Deletes the user's events and searches from the event store and records the erasure there (so it " +
    'survives restarts and reaches every replica), drops their cached state and closest-users entry on every ' +
    "replica and worker, and ignores them in the served bundle's snapshot: the next request for them is a " +
    'cold start. 202 once durable. The next training leaves them out; a bundle trained before keeps their ' +
    'influence in its weights until then (README, "Erasure"). Idempotent. Needs an admin key.',
  tags: ['users'],
  params: UserParams,
  response: { 202: UserErasedSchema, ...errorResponses(400, 401, 403, 429, 503) },
};
