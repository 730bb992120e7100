import type { FastifyInstance } from 'fastify';
import type { Item } from '../../data/types.ts';
import { validateItems } from '../../events/normalize.ts';
import type { EventStore } from '../../events/store.ts';
import type { Engine } from '../../serving/engine.ts';
import { postItemsSchema } from '../schemas/items.ts';

export function itemRoutes(app: FastifyInstance, engine: Engine, store: EventStore): void {
  app.post<{ Body: Item | Item[] }>('/items', { schema: postItemsSchema }, async (req, reply) => {
    // All-or-nothing, as for events: one bad id, topic or tag refuses the batch.
    const items = validateItems(req.body);
    // Durable first; only then served and acknowledged.
    const { stored } = await store.putItems(items);
    const servable = engine.addItems(items);
    return reply.status(202).send({ stored, servable });
  });
}
