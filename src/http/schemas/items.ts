import { Type } from '@sinclair/typebox';
import { PinSchema, ProviderSchema } from '../../data/types.ts';
import { errorResponses } from './errors.ts';
import { MAX_BATCH } from './events.ts';
import { refTo } from './typing.ts';

/**
 * The catalogue item as the API takes it: the fields of the data layer's `Item`, with the
 * stricter limits and descriptions a public API needs, closed to unknown fields.
 */
export const ItemInputSchema = Type.Object(
  {
    itemId: Type.String({ minLength: 1, maxLength: 256, description: 'Item id' }),
    topic: Type.String({ minLength: 1, maxLength: 128, description: 'Main topic (genre)' }),
    tags: Type.Array(Type.String({ minLength: 1, maxLength: 128 }), {
      maxItems: 64,
      description: 'Free tags; hashed, so new tags need no retraining',
    }),
    durationSec: Type.Number({ exclusiveMinimum: 0, maximum: 1e7, description: 'Length in seconds' }),
    publishedAt: Type.Integer({
      minimum: 0,
      maximum: 253_402_300_799_000,
      description: 'Publish time, epoch milliseconds',
    }),
    provider: Type.Optional(ProviderSchema),
    pinned: Type.Optional(PinSchema),
  },
  { additionalProperties: false, $id: 'ItemInput', title: 'ItemInput' },
);

export const ItemsAcceptedSchema = Type.Object(
  {
    stored: Type.Integer({ description: 'Distinct items stored (inserted or updated) by this request' }),
    servable: Type.Integer({
      description:
        'Items new to the served model that it can recommend from now on (needs an item tower: itemRepresentation tower or both)',
    }),
  },
  { additionalProperties: false },
);

export const postItemsSchema = {
  operationId: 'putItems',
  summary: 'Add or update catalogue items',
  description:
    'Stores catalogue items durably (upsert by itemId; a batch is all-or-nothing) before answering ' +
    '202. Items the served model has not seen are embedded by its item tower from their content ' +
    '(topic, tags, duration, age) and can be recommended at once, without retraining (cold start); ' +
    'other replicas pick them up within RECO_RELOAD_INTERVAL_MS. The next training takes them in ' +
    '(reco train --from-store).',
  tags: ['items'],
  body: Type.Union(
    [refTo(ItemInputSchema), Type.Array(refTo(ItemInputSchema), { minItems: 1, maxItems: MAX_BATCH })],
    {
      description: `One item or an array of 1 to ${MAX_BATCH}.`,
    },
  ),
  response: { 202: ItemsAcceptedSchema, ...errorResponses(400, 401, 413, 415, 429, 503) },
};
