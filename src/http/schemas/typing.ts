import { type TSchema, Type } from '@sinclair/typebox';

/*
 * The route schemas are the one source of three things: Ajv's validation, the OpenAPI document
 * and the handlers' types (through @fastify/type-provider-typebox, which infers a type from the
 * JSON Schema shape of each field). Two facts of the runtime schema are not the type a handler
 * sees, and these helpers say so once: a `$ref` the validator resolves by name, and a default the
 * validator fills in.
 */

/**
 * A `$ref` to a shared component (added with `app.addSchema`, a named component in the contract),
 * typed as the component itself: the type provider cannot follow a `$ref` by name, the validator
 * does.
 */
export const refTo = <T extends TSchema>(schema: T): T =>
  // Type.Ref refuses (TypeBoxError, at module load) a schema without a string $id.
  Type.Ref(schema.$id as string) as unknown as T;

/**
 * A field the client may omit (it is optional in the contract) that a handler always has: the
 * validator fills its `default` in before the handler runs (Ajv `useDefaults`, see app.ts).
 */
export const withDefault = <T extends TSchema>(schema: T): T => Type.Optional(schema) as unknown as T;
