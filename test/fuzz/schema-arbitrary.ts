/**
 * JSON Schema -> fast-check arbitraries, for the subset the route schemas use (as
 * @fastify/swagger writes them into the OpenAPI document): object, array, string, integer,
 * number, boolean, enum/const, anyOf/oneOf, $ref, the min/max keywords, required and
 * additionalProperties. Two directions: values the schema admits, and values that are meant to
 * break it (the fuzzer does not trust the latter blindly: it classifies every body it sends, see
 * expectations.ts). Path and query parameters arrive as text, so they get their own generators.
 */
import fc from 'fast-check';

export interface JsonSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean' | 'null';
  $ref?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  default?: unknown;
}

/** Follows `$ref`s (JSON pointers into the OpenAPI document); identity for anything else. */
export type Resolve = (s: JsonSchema) => JsonSchema;

export function resolverFor(doc: unknown): Resolve {
  const resolve: Resolve = (s) => {
    if (!s?.$ref) return s;
    if (!s.$ref.startsWith('#/')) throw new Error(`only local $refs are supported, not ${s.$ref}`);
    let node: unknown = doc;
    for (const part of s.$ref.slice(2).split('/')) {
      node = (node as Record<string, unknown>)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    if (!node) throw new Error(`unresolved $ref ${s.$ref}`);
    return resolve(node as JsonSchema);
  };
  return resolve;
}

/** Length as JSON Schema counts it: code points, not UTF-16 units. */
export const codePoints = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

// Ids without '.' so that no clean id is a ".." segment by accident; '-' and '_' are common in ids.
const ID_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789-_'.split('');
// A small shared pool: the same few values recur across requests, so duplicate eventIds, repeated
// upserts of one item and users with history all happen, which random strings never give.
// i1.. are also the item ids the fake engine knows (GET /items/{itemId}/similar answers 200).
const POOL = [...Array.from({ length: 10 }, (_, i) => `p${i}`), 'i1', 'i2', 'i17'];
// Valid but unusual: scripts, emoji, slashes, quotes, markup, things that look like other types.
const UNUSUAL = [
  'a..b',
  'org/team/42',
  '🎬-fan',
  'ユーザー',
  'пользователь',
  'x y',
  "O'Brien",
  '<script>',
  '%2e%2e',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log-injection probe, meant literally
  '${jndi:x}',
  'null',
  'true',
  '0',
  '-1',
  '1e1',
  'e\u0301',
  '\u202eevil',
];

function lengthBounds(s: JsonSchema): [number, number] {
  return [s.minLength ?? 0, s.maxLength ?? 1000];
}

export function validString(s: JsonSchema): fc.Arbitrary<string> {
  const [min, max] = lengthBounds(s);
  const fits = (x: string) => codePoints(x) >= min && codePoints(x) <= max;
  const fixed = (values: string[]) => values.filter(fits);
  const arbs: fc.WeightedArbitrary<string>[] = [
    {
      weight: 6,
      arbitrary: fc.string({ unit: fc.constantFrom(...ID_CHARS), minLength: min, maxLength: max }),
    },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme-composite', minLength: min, maxLength: max }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: min, maxLength: max }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'x'.repeat(Math.max(min, 1) <= max ? Math.max(min, 1) : min),
        'x'.repeat(max),
      ),
    },
  ];
  const pool = fixed(POOL);
  if (pool.length) arbs.push({ weight: 3, arbitrary: fc.constantFrom(...pool) });
  const unusual = fixed(UNUSUAL);
  if (unusual.length) arbs.push({ weight: 1, arbitrary: fc.constantFrom(...unusual) });
  // Date-times are the one string format the API reads (timestamps): give them a fair chance of
  // being real ones, within the last year.
  if (min <= 24 && max >= 24) {
    const now = Date.UTC(2030, 0, 1);
    arbs.push({
      weight: 2,
      arbitrary: fc
        .integer({ min: 0, max: 365 * 86_400 })
        .map((sec) => new Date(Math.min(Date.now(), now) - sec * 1000).toISOString()),
    });
  }
  return fc.oneof(...arbs);
}

const SAFE = Number.MAX_SAFE_INTEGER;

function integerBounds(s: JsonSchema): [number, number] {
  let lo = s.minimum ?? -SAFE;
  let hi = s.maximum ?? SAFE;
  if (s.exclusiveMinimum !== undefined) lo = Math.max(lo, Math.floor(s.exclusiveMinimum) + 1);
  if (s.exclusiveMaximum !== undefined) hi = Math.min(hi, Math.ceil(s.exclusiveMaximum) - 1);
  return [Math.ceil(lo), Math.floor(hi)];
}

/** fc.integer is 32-bit; wider ranges go through bigint. */
const anyInteger = (lo: number, hi: number): fc.Arbitrary<number> =>
  lo >= -(2 ** 31) && hi <= 2 ** 31 - 1
    ? fc.integer({ min: lo, max: hi })
    : fc.bigInt({ min: BigInt(lo), max: BigInt(hi) }).map(Number);

export function validInteger(s: JsonSchema): fc.Arbitrary<number> {
  const [lo, hi] = integerBounds(s);
  const edges = [...new Set([lo, hi, lo + 1, hi - 1, 0, 1])].filter((n) => n >= lo && n <= hi);
  const arbs: fc.WeightedArbitrary<number>[] = [
    { weight: 3, arbitrary: anyInteger(lo, hi) },
    { weight: 2, arbitrary: fc.constantFrom(...edges) },
  ];
  const small = [Math.max(lo, -1000), Math.min(hi, 1000)];
  if (small[0] <= small[1]) arbs.push({ weight: 3, arbitrary: fc.integer({ min: small[0], max: small[1] }) });
  // Epoch milliseconds of the last year, when the range holds them (timestamps, publish times).
  const now = Date.now();
  if (lo <= now - 31_536_000_000 && hi >= now) {
    arbs.push({ weight: 2, arbitrary: fc.integer({ min: 0, max: 31_536_000 }).map((s) => now - s * 1000) });
  }
  return fc.oneof(...arbs);
}

export function validNumber(s: JsonSchema): fc.Arbitrary<number> {
  const lo = s.exclusiveMinimum ?? s.minimum ?? -1e12;
  const hi = s.exclusiveMaximum ?? s.maximum ?? 1e12;
  const minExcluded = s.exclusiveMinimum !== undefined;
  const maxExcluded = s.exclusiveMaximum !== undefined;
  const ints = integerBounds({ ...s, minimum: lo, maximum: hi });
  const arbs: fc.WeightedArbitrary<number>[] = [
    {
      weight: 3,
      arbitrary: fc.double({
        min: lo,
        max: hi,
        minExcluded,
        maxExcluded,
        noNaN: true,
        noDefaultInfinity: true,
      }),
    },
  ];
  if (ints[0] <= ints[1])
    arbs.push({ weight: 2, arbitrary: validInteger({ minimum: ints[0], maximum: ints[1] }) });
  const edges = [minExcluded ? undefined : lo, maxExcluded ? undefined : hi].filter((n) => n !== undefined);
  if (edges.length) arbs.push({ weight: 1, arbitrary: fc.constantFrom(...(edges as number[])) });
  return fc.oneof(...arbs);
}

/**
 * Values `schema` admits. `lean` keeps to the middle of the schema: required properties only,
 * short arrays, plain ids, small non-negative numbers. Full values reach every edge, so most
 * of them break some rule beyond the schema (a watchTime on a like, a timestamp in 1970 minus
 * one); lean ones are the well-behaved client, so the accepting paths run too.
 */
export function validValue(schema: JsonSchema, resolve: Resolve, lean = false): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((a) => validValue(a, resolve, lean)));
  switch (s.type) {
    case 'string':
      return lean ? leanString(s) : validString(s);
    case 'integer':
      return lean ? leanNumber(s, true) : validInteger(s);
    case 'number':
      return lean ? leanNumber(s, false) : validNumber(s);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const item = validValue(s.items ?? {}, resolve, lean);
      const min = s.minItems ?? 0;
      const max = s.maxItems ?? 20;
      if (lean) return fc.array(item, { minLength: min, maxLength: Math.max(min, Math.min(max, 2)) });
      const arbs: fc.WeightedArbitrary<unknown>[] = [
        {
          weight: 12,
          arbitrary: fc.array(item, { minLength: min, maxLength: Math.max(min, Math.min(max, 6)) }),
        },
      ];
      // The largest batch the schema admits, built by repeating one item: cheap to generate,
      // and it exercises the limit and (with an eventId) deduplication within one batch.
      if (max > 6 && max <= 10_000)
        arbs.push({ weight: 1, arbitrary: item.map((x) => Array.from({ length: max }, () => x)) });
      return fc.oneof(...arbs);
    }
    case 'object':
    case undefined: {
      if (!s.properties && s.type === undefined) return fc.jsonValue();
      const props = s.properties ?? {};
      const requiredKeys = (s.required ?? []).filter((k) => k in props);
      const keys = lean ? requiredKeys : Object.keys(props);
      const model = Object.fromEntries(keys.map((k) => [k, validValue(props[k], resolve, lean)]));
      return fc.record(model, { requiredKeys }) as fc.Arbitrary<unknown>;
    }
  }
  return fc.jsonValue();
}

function leanString(s: JsonSchema): fc.Arbitrary<string> {
  const [min, max] = lengthBounds(s);
  const pool = POOL.filter((x) => x.length >= min && x.length <= max);
  const plain = fc.string({
    unit: fc.constantFrom(...ID_CHARS),
    minLength: Math.max(min, 1),
    maxLength: Math.min(max, 16),
  });
  if (min > max || Math.max(min, 1) > Math.min(max, 16)) return validString(s);
  return pool.length ? fc.oneof(plain, fc.constantFrom(...pool)) : plain;
}

function leanNumber(s: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const [lo, hi] = integerBounds({ ...s, minimum: s.minimum ?? 0 });
  const a = Math.max(lo, 1);
  const b = Math.min(hi, 1000);
  if (a > b) return integer ? validInteger(s) : validNumber(s);
  return integer ? fc.integer({ min: a, max: b }) : fc.integer({ min: a * 4, max: b * 4 }).map((n) => n / 4);
}

/** A value of another JSON type; which of them the schema refuses is for the classifier to say. */
const otherTypes = fc.constantFrom<unknown>(
  null,
  true,
  false,
  0,
  -1,
  1.5,
  '',
  'x',
  '10',
  'true',
  [],
  [1],
  {},
  { a: 1 },
);

// Keys an object with additionalProperties: false must refuse: near-misses of real names and
// names that mean something to JavaScript objects.
const EXTRA_KEYS = [
  'extra',
  'userid',
  'UserId',
  '',
  ' ',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
];

/** Values meant to break `schema`: one thing wrong, the rest valid, so the 400 names one field. */
export function invalidValue(schema: JsonSchema, resolve: Resolve): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  const arbs: fc.WeightedArbitrary<unknown>[] = [{ weight: 2, arbitrary: otherTypes }];
  const add = (weight: number, arbitrary: fc.Arbitrary<unknown>) => arbs.push({ weight, arbitrary });
  if (s.enum) {
    const near = s.enum.flatMap((v) =>
      typeof v === 'string' ? [v.toUpperCase(), ` ${v}`, `${v}\u0000`] : [],
    );
    add(3, fc.constantFrom<unknown>('nope', ...near));
  }
  for (const a of s.anyOf ?? s.oneOf ?? []) add(3, invalidValue(a, resolve));
  switch (s.type) {
    case 'string': {
      const [min, max] = lengthBounds(s);
      if (s.maxLength !== undefined)
        add(3, fc.constantFrom('y'.repeat(max + 1), 'y'.repeat(max * 4 + 1), '😀'.repeat(max + 1)));
      if (min > 0) add(2, fc.constant('y'.repeat(min - 1)));
      break;
    }
    case 'integer':
    case 'number': {
      const lo = s.exclusiveMinimum ?? s.minimum;
      const hi = s.exclusiveMaximum ?? s.maximum;
      const out: number[] = [1e308, -1e308, 2 ** 53 + 2];
      if (lo !== undefined) out.push(lo - 1, s.exclusiveMinimum !== undefined ? lo : lo - 1e-9);
      if (hi !== undefined) out.push(hi + 1, s.exclusiveMaximum !== undefined ? hi : hi + 1e-6);
      if (s.type === 'integer') out.push((lo ?? 0) + 0.5, 1e-7);
      add(4, fc.constantFrom<unknown>(...out, '7'));
      break;
    }
    case 'array': {
      const item = s.items ?? {};
      const min = s.minItems ?? 0;
      const max = s.maxItems;
      if (min > 0) add(2, fc.array(validValue(item, resolve), { minLength: min - 1, maxLength: min - 1 }));
      if (max !== undefined && max <= 10_000)
        add(
          1,
          validValue(item, resolve).map((x) => Array.from({ length: max + 1 }, () => x)),
        );
      add(
        4,
        fc
          .tuple(fc.array(validValue(item, resolve), { maxLength: 3 }), invalidValue(item, resolve), fc.nat())
          .map(([ok, bad, at]) => {
            const out = [...ok];
            out.splice(at % (out.length + 1), 0, bad);
            return out;
          }),
      );
      break;
    }
    case 'object': {
      const props = s.properties ?? {};
      const keys = Object.keys(props);
      const whole = validValue(s, resolve) as fc.Arbitrary<Record<string, unknown>>;
      const required = (s.required ?? []).filter((k) => k in props);
      if (required.length)
        add(
          3,
          fc.tuple(whole, fc.constantFrom(...required)).map(([v, k]) => {
            const out = { ...v };
            delete out[k];
            return out;
          }),
        );
      if (s.additionalProperties === false)
        add(
          3,
          fc
            .tuple(
              whole,
              fc.oneof(fc.constantFrom(...EXTRA_KEYS), fc.string()),
              fc.jsonValue({ maxDepth: 2 }),
            )
            .filter(([, k]) => !(k in props))
            .map(([v, k, x]) => ({ ...v, [k]: x })),
        );
      if (keys.length) {
        const child = Object.fromEntries(keys.map((k) => [k, invalidValue(props[k], resolve)]));
        add(
          6,
          fc
            .constantFrom(...keys)
            .chain((k) => fc.tuple(whole, child[k]).map(([v, bad]) => ({ ...v, [k]: bad }))),
        );
      }
      break;
    }
  }
  return fc.oneof(...arbs);
}

/* ----------------------------------------------------------------------------------------------
 * Text: what a path or query parameter of a given schema can look like on the wire. The server
 * documents that numbers in URLs must be plain decimals; the generators below offer every
 * neighbouring spelling ("0x10", "+10", "1e1", "10.0", " 10", fullwidth digits, ...).
 * -------------------------------------------------------------------------------------------- */

/** Spellings that Number() reads as a number but that are not plain decimals. */
const numberLookalikes = (n: number): string[] => [
  `0x${Math.abs(Math.trunc(n)).toString(16)}`,
  `+${n}`,
  `${n}e0`,
  `${Math.trunc(n)}.0`,
  ` ${n}`,
  `${n} `,
  `0b${Math.abs(Math.trunc(n)).toString(2)}`,
  `0o${Math.abs(Math.trunc(n)).toString(8)}`,
  `${n}`.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))),
  `${n}`.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d))),
  `${n}_0`,
  `${n},5`,
  `.${Math.abs(Math.trunc(n))}`,
  `${Math.trunc(n)}.`,
];
const NOT_NUMBERS = [
  '',
  'abc',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e1',
  '1e400',
  'null',
  'true',
  '-',
  '--1',
  '9'.repeat(400),
];

export function validText(s: JsonSchema, lean = false): fc.Arbitrary<string> {
  if (lean && s.type !== undefined) return validValue(s, (x) => x, true).map(String);
  switch (s.type) {
    case 'integer':
      return validInteger(s).map(String);
    case 'number':
      return fc.oneof(
        validInteger(integerBoundsSchema(s)).map(String),
        validNumber(s).map((n) => (Number.isInteger(n) ? String(n) : n.toFixed(3))),
      );
    case 'boolean':
      return fc.constantFrom('true', 'false');
    case 'string':
      return s.enum ? fc.constantFrom(...(s.enum as string[])) : validString(s);
  }
  return fc.string();
}

const integerBoundsSchema = (s: JsonSchema): JsonSchema => {
  const [lo, hi] = integerBounds({
    ...s,
    minimum: s.exclusiveMinimum ?? s.minimum,
    maximum: s.exclusiveMaximum ?? s.maximum,
  });
  return lo <= hi ? { minimum: lo, maximum: hi } : { minimum: 0, maximum: 0 };
};

/** Text meant to be refused for a parameter of schema `s`. */
export function invalidText(s: JsonSchema): fc.Arbitrary<string> {
  switch (s.type) {
    case 'integer':
    case 'number': {
      const lo = s.exclusiveMinimum ?? s.minimum;
      const hi = s.exclusiveMaximum ?? s.maximum;
      const edges = [lo !== undefined ? lo - 1 : -1e21, hi !== undefined ? hi + 1 : 1e21].map(String);
      if (s.type === 'integer') edges.push('1.5', '0.5', '10.0');
      return fc.oneof(
        {
          weight: 4,
          arbitrary: validInteger(integerBoundsSchema(s)).chain((n) =>
            fc.constantFrom(...numberLookalikes(n)),
          ),
        },
        { weight: 2, arbitrary: fc.constantFrom(...NOT_NUMBERS) },
        { weight: 2, arbitrary: fc.constantFrom(...edges) },
      );
    }
    case 'boolean':
      return fc.constantFrom('1', '0', 'yes', 'no', 'TRUE', 'False', '', 'tru', 'true ', 'null', 'on');
    case 'string': {
      const [min, max] = lengthBounds(s);
      const out = [badTextArb];
      if (s.maxLength !== undefined)
        out.push(fc.constantFrom('y'.repeat(max + 1), 'y'.repeat(300), 'y'.repeat(600)));
      if (min > 0) out.push(fc.constant(''));
      return fc.oneof(...out);
    }
  }
  return fc.string();
}

/**
 * Text the API documents as refused for ids (empty, control characters, lone UTF-16
 * surrogates, a ".." path segment), plus near misses that are fine (the classifier decides).
 */
export const badTextArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '   ',
    '\t',
    'a\u0000b',
    'a\nb',
    'a\rb',
    '\u001b[31m',
    'a\u007fb',
    '\ud800',
    'a\udc00b',
    '\udbff',
    '..',
    '../../etc/passwd',
    'a/../b',
    '..\\..\\x',
    '/..',
    '../',
    '\u00a0',
    '\u3000',
    '\u200b',
    '\ufeff',
    '\uffff',
  ),
  fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 8 }),
  fc
    .tuple(
      fc.string({ unit: fc.constantFrom(...ID_CHARS), maxLength: 4 }),
      fc.integer({ min: 0xd800, max: 0xdfff }),
    )
    .map(([s, u]) => s + String.fromCharCode(u)),
);
