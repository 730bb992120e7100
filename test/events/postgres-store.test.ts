import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { StoreUnavailableError } from '../../src/errors.ts';
import { openPostgresStore } from '../../src/events/postgres-store.ts';
import { serviceUrl } from '../helpers/services.ts';
import { eventStoreContract } from './store.contract.ts';

const { url, skip } = serviceUrl('RECO_TEST_DATABASE_URL');

/** A store over an empty table (the suite's tests run one after another). */
async function fresh() {
  const store = await openPostgresStore(url);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query('TRUNCATE reco_events, reco_items');
  await c.end();
  return store;
}

eventStoreContract('postgres', fresh, { skip });

test('postgres: two stores on one database (two replicas) share events and idempotency', {
  skip,
}, async () => {
  const a = await fresh();
  const b = await openPostgresStore(url);
  try {
    await a.append([{ userId: 'r', itemId: 'i1', type: 'watch', timestamp: 1, eventId: 'x1' }]);
    assert.deepEqual(
      await b.append([{ userId: 'r', itemId: 'i1', type: 'watch', timestamp: 1, eventId: 'x1' }]),
      {
        accepted: 0,
        duplicates: 1,
      },
    );
    assert.equal((await b.byUser('r')).length, 1);
  } finally {
    await a.close();
    await b.close();
  }
});

test('postgres: an unreachable server is a StoreUnavailableError (503), not a crash', async () => {
  await assert.rejects(openPostgresStore('postgres://reco:reco@127.0.0.1:1/none'), StoreUnavailableError);
});
