import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from '@sinclair/typebox';
import type { Item } from '../../data/types.ts';
import { recoError } from '../../errors.ts';
import { validateItems } from '../../events/normalize.ts';
import type { EventStore, ItemFlags } from '../../events/store.ts';
import type { DataEngine } from '../../serving/user-data.ts';
import { checkId } from '../list-request.ts';
import {
  CONTENT_FIELDS,
  deleteItemSchema,
  type ItemPatchSchema,
  patchItemSchema,
} from '../schemas/item-flags.ts';

type Patch = Static<typeof ItemPatchSchema>;
const NO_FLAGS: ItemFlags = { hidden: false, retired: false };

/**
 * The item as it is now: the store's record (POST /items and earlier PATCHes) before the bundle's.
 * Undefined when neither knows the item; `item` undefined when the bundle knows only its id.
 */
async function findItem(data: DataEngine, store: EventStore, itemId: string) {
  const served = data.servedItem(itemId);
  const stored = (await store.items()).find((it) => it.itemId === itemId);
  if (!stored && !served.known) return undefined;
  return { item: stored ?? served.item };
}

/** The patch's content fields over the current record, checked as POST /items checks an item. */
function patchedItem(itemId: string, base: Item | undefined, patch: Patch): Item | undefined {
  const fields = Object.fromEntries(
    CONTENT_FIELDS.filter((f) => patch[f] !== undefined).map((f) => [f, patch[f]]),
  );
  if (Object.keys(fields).length === 0) return undefined;
  // Nothing to patch onto: the bundle knows the id but holds no record of its content.
  if (!base) throw recoError('ITEM_NOT_FOUND', { itemId }, { reason: 'no_catalogue_record' });
  return validateItems({ ...base, ...fields })[0];
}

/**
 * PATCH /items/:itemId (hide, show, edit content) and DELETE /items/:itemId (retire). Catalogue
 * writes like POST /items, so the same client access. Every check comes before the first write,
 * so a refused request changes nothing; every write is durable before serving follows it.
 */
export const itemFlagRoutes: FastifyPluginAsyncTypebox<{ data: DataEngine; store: EventStore }> = async (
  app,
  { data, store },
) => {
  app.patch('/items/:itemId', { schema: patchItemSchema }, async (req) => {
    const { itemId } = req.params;
    checkId('itemId', itemId);
    const found = await findItem(data, store, itemId);
    if (!found) throw recoError('ITEM_NOT_FOUND', { itemId });
    const flags = (await store.itemFlags()).get(itemId) ?? NO_FLAGS;
    if (req.body.hidden === false && flags.retired) throw recoError('ITEM_RETIRED', { itemId });
    const item = patchedItem(itemId, found.item, req.body);
    const next = { hidden: req.body.hidden ?? flags.hidden, retired: flags.retired };
    if (item) await store.putItems([item]);
    if (req.body.hidden !== undefined) await store.setItemFlags(itemId, next);
    // Flags first: an item hidden and edited at once is never served with its new content.
    if (req.body.hidden !== undefined) data.flagItems(await store.itemFlags());
    const reembedded = item ? data.updateItem(item) : undefined;
    return { itemId, ...next, ...(reembedded === undefined ? {} : { reembedded }) };
  });

  app.delete('/items/:itemId', { schema: deleteItemSchema }, async (req, reply) => {
    const { itemId } = req.params;
    checkId('itemId', itemId);
    if (!(await findItem(data, store, itemId))) throw recoError('ITEM_NOT_FOUND', { itemId });
    const retired = { hidden: true, retired: true };
    await store.setItemFlags(itemId, retired);
    data.flagItems(await store.itemFlags());
    return reply.status(202).send({ itemId, ...retired });
  });
};
