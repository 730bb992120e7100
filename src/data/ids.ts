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
function isWellFormedUnicode(s: string): boolean {
  return !LONE_SURROGATE.test(s);
}

/**
 * Why a label (a topic, a tag, a context value) is not acceptable, or undefined when it is: the
 * checks every stored string passes, so what goes in comes back out byte for byte.
 */
export function textProblem(s: string): string | undefined {
  if (s.trim() === '') return 'must not be empty or only whitespace';
  if (CONTROL.test(s)) return 'must not contain control characters';
  // A lone surrogate cannot be stored as UTF-8 (PostgreSQL refuses it; SQLite would mangle it).
  if (!isWellFormedUnicode(s)) return 'must be well-formed Unicode (no lone surrogates)';
  return undefined;
}

/** Why `id` is not acceptable, or undefined when it is: a label's checks, and no `..` segment. */
export function idProblem(id: string): string | undefined {
  const problem = textProblem(id);
  if (problem) return problem;
  if (PARENT_SEGMENT.test(id)) return 'must not contain a ".." path segment';
  return undefined;
}
