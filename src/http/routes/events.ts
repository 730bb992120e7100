import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { normalizeBatch } from '../../events/normalize.ts';
import type { EventStore } from '../../events/store.ts';
import type { Engine } from '../../serving/engine.ts';
import type { Metrics } from '../plugins/metrics.ts';
import { postEventsSchema } from '../schemas/events.ts';

/** POST /events: durable first, then served, then acknowledged. */
export const eventRoutes: FastifyPluginAsyncTypebox<{
  engine: Engine;
  store: EventStore;
  metrics: Metrics;
}> = async (app, { engine, store, metrics }) => {
  app.post('/events', { schema: postEventsSchema }, async (req, reply) => {
    const events = normalizeBatch(req.body, Date.now());
    // append() returns only once the batch is durable; only then is it acknowledged.
    const result = await store.append(events);
    await engine.observe(events);
    metrics.eventsIngested(events, result.accepted, result.duplicates);
    return reply.status(202).send(result);
  });
};
