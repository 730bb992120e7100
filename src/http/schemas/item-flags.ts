import { Type } from '@sinclair/typebox';
import { errorResponses } from './errors.ts';
import { ItemInputSchema } from './items.ts';

const ItemParams = Type.Object({ itemId: Type.String({ minLength: 1, maxLength: 256 }) });
const content = ItemInputSchema.properties;

/** The content fields a PATCH may change: those of POST /items, with the same limits. */
export const CONTENT_FIELDS = ['topic', 'tags', 'durationSec', 'provider'] as const;

export const ItemPatchSchema = Type.Object(
  {
    hidden: Type.Optional(
      Type.Boolean({ description: 'true: out of every list and similar-items answer; false: back in' }),
    ),
    topic: Type.Optional(content.topic),
    tags: Type.Optional(content.tags),
    durationSec: Type.Optional(content.durationSec),
    provider: Type.Optional(content.provider),
  },
  { additionalProperties: false, minProperties: 1, $id: 'ItemPatch', title: 'ItemPatch' },
);

export const ItemStateSchema = Type.Object(
  {
    itemId: Type.String(),
    hidden: Type.Boolean({ description: 'Left out of every answer (reversible)' }),
    retired: Type.Boolean({ description: 'Retired for good (DELETE): hidden, and left out of training' }),
    reembedded: Type.Optional(
      Type.Boolean({
        description:
          'With content fields: whether the served model re-embedded the item from its new content at once ' +
          '(needs an item tower; otherwise the next training takes the new content in)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const patchItemSchema = {
  operationId: 'patchItem',
  summary: 'Hide, show or edit a catalogue item',
  description:
    "`hidden` writes the item's flag durably, then the item leaves (or rejoins) every list, page and " +
    'similar-items answer of this process at once, of the other workers of a `--workers` host as soon as ' +
    'they hear it from the primary, and of other replicas within RECO_RELOAD_INTERVAL_MS. Content fields ' +
    '(topic, tags, durationSec, provider; the limits of POST /items) are stored with the rest of the ' +
    "item's record and re-embedded through the item tower at once on this process and this host's " +
    'workers. A refused request changes nothing. 409 ITEM_RETIRED for `hidden: false` on a retired item.',
  tags: ['items'],
  params: ItemParams,
  body: ItemPatchSchema,
  response: { 200: ItemStateSchema, ...errorResponses(400, 401, 404, 409, 413, 415, 429, 503) },
};

export const deleteItemSchema = {
  operationId: 'deleteItem',
  summary: 'Retire a catalogue item',
  description:
    'Retires the item for good: hidden from every answer as with PATCH `hidden: true` (and reaching ' +
    'other workers and replicas the same way), and left out of every later training with its events. ' +
    '202 once durable. Idempotent.',
  tags: ['items'],
  params: ItemParams,
  response: { 202: ItemStateSchema, ...errorResponses(400, 401, 404, 429, 503) },
};
