import fc from 'fast-check';

/** The subset of JSON Schema the route schemas use (TypeBox's output, as in openapi.yaml). */
export interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  default?: unknown;
  additionalProperties?: boolean | Schema;
}

/** Resolves `#/components/schemas/X` references against the document's components. */
export type Resolve = (ref: string) => Schema;

// Generated values stay small: the fuzzer is after the edges of validation, not bulk.
const MAX_ARRAY = 3;
const MAX_STRING = 12;

/**
 * An arbitrary of values that satisfy `schema` (as far as its keywords say: semantic rules such
 * as "an id is not blank" are what the mutations and the server's answers explore).
 */
export function arbitraryOf(schema: Schema, resolve: Resolve, depth = 0): fc.Arbitrary<unknown> {
  if (schema.$ref) return arbitraryOf(resolve(schema.$ref), resolve, depth);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => arbitraryOf(s, resolve, depth + 1)));
  switch (schema.type) {
    case 'object': {
      const props = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const entries = Object.fromEntries(
        Object.entries(props).map(([k, s]) => [k, arbitraryOf(s, resolve, depth + 1)]),
      );
      const requiredKeys = Object.keys(props).filter((k) => required.has(k));
      return fc.record(entries, { requiredKeys });
    }
    case 'array': {
      const min = schema.minItems ?? 0;
      const max = Math.max(min, Math.min(schema.maxItems ?? MAX_ARRAY, MAX_ARRAY));
      return fc.array(arbitraryOf(schema.items ?? {}, resolve, depth + 1), {
        minLength: min,
        maxLength: max,
      });
    }
    case 'string':
      return fc.string({
        minLength: schema.minLength ?? 0,
        maxLength: Math.max(schema.minLength ?? 0, Math.min(schema.maxLength ?? MAX_STRING, MAX_STRING)),
      });
    case 'integer':
      return fc.integer({
        min: Math.max(schema.minimum ?? -1e6, Number.MIN_SAFE_INTEGER),
        max: Math.min(schema.maximum ?? 1e12, Number.MAX_SAFE_INTEGER),
      });
    case 'number': {
      const lo =
        typeof schema.exclusiveMinimum === 'number'
          ? schema.exclusiveMinimum + 1e-6
          : (schema.minimum ?? -1e6);
      return fc.double({ min: lo, max: schema.maximum ?? 1e9, noNaN: true, noDefaultInfinity: true });
    }
    case 'boolean':
      return fc.boolean();
    default:
      return depth > 2 ? fc.constant(null) : fc.jsonValue({ maxDepth: 2 });
  }
}
