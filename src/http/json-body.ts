import type { FastifyInstance } from 'fastify';
import { recoError } from '../errors.ts';

/**
 * The JSON body parser: fastify's own (which refuses `__proto__` and `constructor.prototype`
 * keys), plus three refusals it does not make. Bytes that are not UTF-8 would be replaced by
 * U+FFFD and stored as a different id than the client sent: 400 INVALID_UTF8. A body whose
 * objects repeat a key is ambiguous (JSON.parse silently keeps the last value, another client's
 * parser the first): 400 INVALID_JSON naming the key. A charset other than UTF-8: 415.
 */
export function registerJsonBody(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, raw, done) => {
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i
      .exec(req.headers['content-type'] ?? '')?.[1]
      .toLowerCase();
    if (charset && charset !== 'utf-8' && charset !== 'utf8') {
      done(recoError('UNSUPPORTED_MEDIA_TYPE', { charset }), undefined);
      return;
    }
    let body: string;
    try {
      body = utf8.decode(raw as Buffer);
    } catch {
      done(recoError('INVALID_UTF8'), undefined);
      return;
    }
    parse(req, body, (err, value) => {
      if (err) return done(err, undefined);
      const dup = duplicateKey(body);
      if (dup !== undefined) return done(recoError('INVALID_JSON', { duplicateKey: dup }), undefined);
      done(null, value);
    });
  });
}

/**
 * The first key that an object of `json` (valid JSON) repeats, or undefined. One pass, no
 * recursion (a body nested 100,000 deep must not overflow the stack); keys are compared after
 * unescaping, so "a" and "\u0061" are the same key.
 */
export function duplicateKey(json: string): string | undefined {
  // One entry per open container: the keys seen so far in an object, null in an array.
  const open: (Set<string> | null)[] = [];
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === 0x7b /* { */) open.push(new Set());
    else if (c === 0x5b /* [ */) open.push(null);
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) open.pop();
    else if (c === 0x22 /* " */) {
      const start = i;
      let escaped = false;
      for (i++; i < json.length; i++) {
        const d = json.charCodeAt(i);
        if (d === 0x5c /* \ */) {
          escaped = true;
          i++;
        } else if (d === 0x22) break;
      }
      const keys = open[open.length - 1];
      if (!keys) continue;
      let j = i + 1;
      while (j < json.length && (json[j] === ' ' || json[j] === '\n' || json[j] === '\r' || json[j] === '\t'))
        j++;
      if (json[j] !== ':') continue; // a value, not a key
      const raw = json.slice(start, i + 1);
      const key = escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
      if (keys.has(key)) return key;
      keys.add(key);
    }
  }
  return undefined;
}
