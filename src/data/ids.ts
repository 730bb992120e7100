/**
 * What a user or item id may be, wherever one enters (event bodies, POST /items, URL paths):
 * the schemas bound the length; these are the checks a length cannot express. Ids are opaque
 * strings otherwise (any script, slashes allowed), stored and echoed as given.
 */

// Control characters make ids unprintable in logs and ambiguous in storage.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
// A ".." path segment: never a real id, always an attempt to climb out of a directory.
const PARENT_SEGMENT = /(^|[/\\])\.\.([/\\]|$)/;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** No lone UTF-16 surrogate: the string can be written as UTF-8 (String.isWellFormed, ES2024). */
export function isWellFormedUnicode(s: string): boolean {
  return !LONE_SURROGATE.test(s);
}

/** Why `id` is not acceptable, or undefined when it is. */
export function idProblem(id: string): string | undefined {
  if (id.trim() === '') return 'must not be empty or only whitespace';
  if (CONTROL.test(id)) return 'must not contain control characters';
  // A lone surrogate cannot be stored as UTF-8 (PostgreSQL refuses it; SQLite would mangle it).
  if (!isWellFormedUnicode(id)) return 'must be well-formed Unicode (no lone surrogates)';
  if (PARENT_SEGMENT.test(id)) return 'must not contain a ".." path segment';
  return undefined;
}
