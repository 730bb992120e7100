import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { EventType, StoredEvent } from '../../data/types.ts';
import { recoError } from '../../errors.ts';
import type { EventStore } from '../../events/store.ts';
import type { DataEngine } from '../../serving/user-data.ts';
import { decodeCursor, encodeCursor } from '../event-cursor.ts';
import { deleteUserSchema, getUserEventsSchema, getUserSchema } from '../schemas/user-data.ts';
import { checkId } from './recommendations.ts';

/**
 * A user's data is personal: reading all of it and erasing it are operator actions, so these
 * routes need an admin key (or, without admin keys, a local client of a loopback-only server),
 * never the client key a product backend embeds. The same rule as /admin/* (auth.ts).
 */
const PERSONAL = { access: 'admin' as const };

/** An event as GET /users/:userId/events shows it: the stored fields, userId left out (it is the path). */
function present(e: StoredEvent) {
  const { userId: _u, ...rest } = e;
  return rest;
}

/** GET /users/:userId/events, GET /users/:userId, DELETE /users/:userId. */
export const userDataRoutes: FastifyPluginAsyncTypebox<{ data: DataEngine; store: EventStore }> = async (
  app,
  { data, store },
) => {
  app.get('/users/:userId/events', { schema: getUserEventsSchema, config: PERSONAL }, async (req) => {
    const { userId } = req.params;
    checkId('userId', userId);
    const before = req.query.cursor === undefined ? undefined : decodeCursor(req.query.cursor);
    // One more than the page: whether there is a next page without a second query.
    // The schema's enum holds the type to EVENT_TYPES or search (its TypeBox type is opaque).
    const type = req.query.type as EventType | 'search' | undefined;
    const found = await store.userEvents(userId, { limit: req.query.limit + 1, before, type });
    const page = found.slice(0, req.query.limit);
    const more = found.length > page.length;
    return {
      userId,
      events: page.map((x) => present(x.event)),
      ...(more ? { nextCursor: encodeCursor(page[page.length - 1].key) } : {}),
    };
  });

  app.get('/users/:userId', { schema: getUserSchema, config: PERSONAL }, async (req) => {
    checkId('userId', req.params.userId);
    const summary = await data.describeUser(req.params.userId);
    if (!summary) throw recoError('USER_NOT_FOUND', { userId: req.params.userId });
    return summary;
  });

  app.delete('/users/:userId', { schema: deleteUserSchema, config: PERSONAL }, async (req, reply) => {
    const { userId } = req.params;
    checkId('userId', userId);
    // Durable first (the store's transaction), then forgotten by serving, then acknowledged.
    const { events } = await store.eraseUser(userId, Date.now());
    await data.forgetUser(userId);
    return reply.status(202).send({ userId, erasedEvents: events });
  });
};
