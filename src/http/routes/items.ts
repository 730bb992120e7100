import type { FastifyInstance } from 'fastify';
import { idProblem } from '../../data/ids.ts';
import type { Item } from '../../data/types.ts';
import { batchValidationError } from '../../errors.ts';
import type { EventStore } from '../../events/store.ts';
import type { Engine } from '../../serving/engine.ts';
import { postItemsSchema } from '../schemas/items.ts';

export function itemRoutes(app: FastifyInstance, engine: Engine, store: EventStore): void {
  app.post<{ Body: Item | Item[] }>('/items', { schema: postItemsSchema }, async (req, reply) => {
    const items = Array.isArray(req.body) ? req.body : [req.body];
    // All-or-nothing, as for events: one bad id refuses the batch.
    const problems = items.flatMap((item, index) => {
      const problem = idProblem(item.itemId);
      return problem ? [{ index, field: 'itemId', message: problem }] : [];
    });
    if (problems.length > 0) throw batchValidationError('item', problems);
    // Durable first; only then served and acknowledged.
    const { stored } = await store.putItems(items);
    const servable = engine.addItems(items);
    return reply.status(202).send({ stored, servable });
  });
}
