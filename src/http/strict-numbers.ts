import type { ErrorObject, ValidateFunction } from 'ajv';

/**
 * Query strings and path parameters arrive as text and Ajv coerces them with `Number()`, which
 * reads "0x10" as 16, "1e1" and "10.0" as 10, " 10" as 10 and "" as 0. A client that sends
 * those has a bug the server should name, not guess at; and two layers (a proxy, a cache key)
 * reading one value two ways is how parameters get smuggled. So text that is to become a number
 * must be written plainly: digits, an optional minus, and for non-integers one decimal point.
 */
const PLAIN = { integer: /^-?\d+$/, number: /^-?\d+(\.\d+)?$/ } as const;

type NumericKind = keyof typeof PLAIN;

/** The numeric properties of an object schema (TypeBox's output: plain JSON Schema). */
export function numericFields(schema: unknown): Map<string, NumericKind> {
  const out = new Map<string, NumericKind>();
  const props = (schema as { properties?: Record<string, { type?: unknown }> })?.properties;
  if (!props) return out;
  for (const [name, p] of Object.entries(props)) {
    if (p?.type === 'integer' || p?.type === 'number') out.set(name, p.type);
  }
  return out;
}

/**
 * Wraps the validator of a text part (querystring, params) so numeric fields are checked as
 * written before Ajv coerces them. Errors come out as Ajv errors, so the response is the usual
 * 400 VALIDATION_ERROR naming the field.
 */
export function strictNumbers(schema: unknown, validate: ValidateFunction): ValidateFunction {
  const fields = numericFields(schema);
  if (fields.size === 0) return validate;
  const wrapped = ((data: unknown, ctx?: unknown) => {
    const errors: ErrorObject[] = [];
    if (data && typeof data === 'object') {
      for (const [name, kind] of fields) {
        const raw = (data as Record<string, unknown>)[name];
        for (const v of Array.isArray(raw) ? raw : [raw]) {
          if (typeof v === 'string' && !PLAIN[kind].test(v)) {
            errors.push({
              instancePath: `/${name}`,
              schemaPath: `#/properties/${name}/type`,
              keyword: 'type',
              params: { type: kind },
              message: `must be a plain decimal ${kind === 'integer' ? 'integer' : 'number'} (got ${JSON.stringify(v.slice(0, 40))})`,
            });
          }
        }
      }
    }
    if (errors.length > 0) {
      wrapped.errors = errors;
      return false;
    }
    const ok = (validate as (d: unknown, c?: unknown) => boolean)(data, ctx);
    wrapped.errors = validate.errors;
    return ok;
  }) as ValidateFunction;
  // Fastify passes the parent object to Ajv validators that carry schemaEnv (root coercion).
  Object.assign(wrapped, { schemaEnv: validate.schemaEnv, schema: validate.schema });
  return wrapped;
}
