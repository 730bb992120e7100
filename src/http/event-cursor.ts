import { ValidationError } from '../errors.ts';
import type { EventKey } from '../events/store.ts';

/**
 * The cursor of GET /users/:userId/events: the key (time, sequence) of the last event of a page,
 * base64url-encoded. A keyset cursor, not an offset, so events stored meanwhile (newer ones,
 * or older ones with a client timestamp) never shift a page or repeat an event. Opaque to
 * clients: only what this module wrote decodes.
 */
export function encodeCursor(key: EventKey): string {
  return Buffer.from(`${key.ts}.${key.seq}`).toString('base64url');
}

/** The key a cursor names; a 400 naming `cursor` for anything this module did not write. */
export function decodeCursor(cursor: string): EventKey {
  const text = Buffer.from(cursor, 'base64url').toString('latin1');
  const m = /^(\d{1,16})\.(\d{1,16})$/.exec(text);
  const key = m ? { ts: Number(m[1]), seq: Number(m[2]) } : undefined;
  // Re-encoding must give the cursor back: base64url decoding ignores stray characters.
  if (
    !key ||
    !Number.isSafeInteger(key.ts) ||
    !Number.isSafeInteger(key.seq) ||
    encodeCursor(key) !== cursor
  ) {
    throw new ValidationError('cursor is not a cursor this server returned', [
      { field: 'cursor', message: 'not a cursor this server returned' },
    ]);
  }
  return key;
}
