import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRecoError } from '../../../src/errors.ts';
import { CursorCodec } from '../../../src/serving/paging/cursor.ts';

const code = (c: string) => (e: unknown) => isRecoError(e) && e.code === c;

test('a cursor reads back as the list and offset it was issued for', () => {
  const codec = new CursorCodec();
  const id = codec.newListId();
  assert.match(id, /^[\w-]{22}$/);
  const cursor = codec.issue(id, 37);
  assert.match(cursor, /^[\w-]+$/, 'URL-safe');
  assert.deepEqual(codec.read(cursor), { listId: id, offset: 37 });
  assert.notEqual(codec.newListId(), id);
});

test('malformed and altered cursors are 400 INVALID_CURSOR; another process’s are 410', () => {
  const codec = new CursorCodec();
  const cursor = codec.issue(codec.newListId(), 10);
  for (const bad of ['', 'x', 'a+b/c', cursor.slice(1), `${cursor}AA`, 'A'.repeat(cursor.length)])
    assert.throws(() => codec.read(bad), code('INVALID_CURSOR'), bad);
  // The offset is inside the MAC: flip one of its bits.
  const raw = Buffer.from(cursor, 'base64url');
  raw[22] ^= 1;
  assert.throws(
    () => codec.read(raw.toString('base64url')),
    (e) => code('INVALID_CURSOR')(e) && /altered/.test((e as Error).message),
  );
  assert.throws(
    () => new CursorCodec().read(cursor),
    (e) => code('CURSOR_EXPIRED')(e) && (e as { statusCode: number }).statusCode === 410,
  );
});
