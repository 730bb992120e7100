import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { validateItems } from '../../events/normalize.ts';
import type { EventStore } from '../../events/store.ts';
import type { Engine } from '../../serving/engine.ts';
import { postItemsSchema } from '../schemas/items.ts';

/** POST /items: catalogue records, all-or-nothing. */
export const itemRoutes: FastifyPluginAsyncTypebox<{ engine: Engine; store: EventStore }> = async (
  app,
  { engine, store },
) => {
  app.post('/items', { schema: postItemsSchema }, async (req, reply) => {
    // All-or-nothing, as for events: one bad id, topic or tag refuses the batch.
    const items = validateItems(req.body);
    // Durable first; only then served and acknowledged.
    const { stored } = await store.putItems(items);
    const servable = engine.addItems(items);
    return reply.status(202).send({ stored, servable });
  });
};
