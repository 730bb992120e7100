import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { PlacementTable } from '../../serving/placements.ts';
import { getPlacementsSchema } from '../schemas/placements.ts';

/** GET /placements: what `placement` may name, with what each changes. */
export const placementRoutes: FastifyPluginAsyncTypebox<{ placements: PlacementTable }> = async (
  app,
  { placements },
) => {
  app.get('/placements', { schema: getPlacementsSchema }, async () => ({ placements: placements.list() }));
};
