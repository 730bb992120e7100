import { type Static, Type } from '@sinclair/typebox';

/**
 * The records reco reads and writes. Each schema is defined once here and shared by the
 * file loaders, the HTTP validation, the OpenAPI document and the TypeScript types.
 */

/** What a user did with an item. `impression` = shown; the others are reactions to a shown item. */
export const EVENT_TYPES = ['impression', 'watch', 'like', 'dislike', 'skip'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * Who made an item (a creator, a studio): what the fair-exposure rules (`maxPerProvider`) and
 * the evaluation's provider Gini group items by. Optional: MovieLens has none.
 */
export const ProviderSchema = Type.String({
  minLength: 1,
  maxLength: 256,
  description: 'Who made the item (creator, studio); optional, for the fair-exposure rules',
});

/**
 * A backend's request to show an item to everyone between `from` and `until` (epoch ms), at
 * 1-based position `slot` or, without one, ahead of the ranked items. Posted with the item
 * (POST /items), placed after ranking and the rules; not training data.
 */
export const PinSchema = Type.Object(
  {
    from: Type.Integer({ minimum: 0, maximum: 253_402_300_799_000, description: 'Start, epoch ms' }),
    until: Type.Integer({
      minimum: 0,
      maximum: 253_402_300_799_000,
      description: 'End (exclusive), epoch ms',
    }),
    slot: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 100, description: '1-based position in the list' }),
    ),
  },
  { additionalProperties: false },
);
export type Pin = Static<typeof PinSchema>;

/** An item of the catalogue. */
const ItemSchema = Type.Object(
  {
    itemId: Type.String({ minLength: 1, maxLength: 256 }),
    topic: Type.String({ minLength: 1, maxLength: 128 }),
    tags: Type.Array(Type.String({ maxLength: 128 }), { maxItems: 64 }),
    durationSec: Type.Number({ exclusiveMinimum: 0 }),
    /** Publish time, epoch milliseconds. */
    publishedAt: Type.Number(),
    provider: Type.Optional(ProviderSchema),
    pinned: Type.Optional(PinSchema),
  },
  { $id: 'Item' },
);
export type Item = Static<typeof ItemSchema>;

/** A user with the demographics that the query tower reads. All features are optional. */
const UserSchema = Type.Object(
  {
    userId: Type.String({ minLength: 1, maxLength: 256 }),
    age: Type.Optional(Type.Integer({ minimum: 0, maximum: 130 })),
    country: Type.Optional(Type.String({ maxLength: 64 })),
    device: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { $id: 'User' },
);
export type User = Static<typeof UserSchema>;

/** Request context of an event or a recommendation request. */
export const ContextSchema = Type.Object(
  {
    device: Type.Optional(Type.String({ maxLength: 64 })),
    country: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type Context = Static<typeof ContextSchema>;

/**
 * A normalised event, as stored and as read by training. `timestamp` is epoch ms;
 * `watchTime` is seconds (only on watches; absent = a plain positive).
 */
export interface RecoEvent {
  userId: string;
  itemId: string;
  type: EventType;
  timestamp: number;
  watchTime?: number;
  eventId?: string;
  context?: Context;
  /**
   * The list the event answers (GET /recommendations' `recommendationId`) and the item's 0-based
   * place in it: what ties a reaction to the list that caused it. Absent when the client sent none.
   */
  recommendationId?: string;
  position?: number;
}

/**
 * Events in time order as training reads them: passes over them, and their count. An array is
 * one; so is the loaders' view over typed columns, which never holds every event as an object.
 */
export interface EventLog extends Iterable<RecoEvent> {
  readonly length: number;
}

/** Longest `recommendationId` kept; its characters are [A-Za-z0-9_-] (a token, not free text). */
export const MAX_RECOMMENDATION_ID = 64;
/** Largest `position` in a list (lists hold at most 100 items; pages may run further). */
export const MAX_POSITION = 999;

/** Longest search query kept, in characters (longer is refused, not cut: the client chose it). */
export const MAX_QUERY_LENGTH = 512;

/**
 * What a user typed into the product's search box. Not about one item, so it has no `itemId`
 * and is kept apart from the item events: every consumer of RecoEvent stays item-only, and the
 * query tower reads a user's recent search tokens as an input of its own.
 */
export interface SearchEvent {
  userId: string;
  type: 'search';
  /** The text as typed, 1 to MAX_QUERY_LENGTH characters. */
  query: string;
  timestamp: number;
  eventId?: string;
  context?: Context;
}

/** What the event store takes: an item event or a search. */
export type StoredEvent = RecoEvent | SearchEvent;

export const isSearch = (e: StoredEvent): e is SearchEvent => e.type === 'search';
