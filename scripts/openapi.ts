// Writes openapi.yaml from the route schemas (the document @fastify/swagger builds), and the
// TypeScript types a client gets from it (test/contract/api.d.ts), so both move together.
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { createMemoryStore } from '../src/events/memory-store.ts';
import { buildApp } from '../src/http/app.ts';
import type { Engine } from '../src/serving/engine.ts';
import type { DataEngine } from '../src/serving/user-data.ts';
import { API_TYPES_PATH, generateApiTypes } from '../test/contract/api-types.ts';

const idle: Engine = {
  isReady: () => false,
  modelVersion: () => undefined,
  recommend: () => Promise.reject(new Error('not used')),
  similar: () => Promise.reject(new Error('not used')),
  similarUsers: () => Promise.reject(new Error('not used')),
  observe: async () => {},
  addItems: () => 0,
  stats: () => ({ cacheHits: 0, cacheMisses: 0, cachedUsers: 0 }),
  close: () => {},
};
const noData: DataEngine = {
  forgetUser: async () => {},
  describeUser: async () => undefined,
  flagItems: () => {},
  updateItem: () => false,
  servedItem: () => ({ known: false }),
};
const app = await buildApp({
  engine: idle,
  // Present so the user-data and item-flag routes are documented; never called.
  data: noData,
  store: createMemoryStore(),
  reload: async () => ({ changed: false, modelVersion: '' }),
  // Present so /admin/retrain is documented; never called.
  retrain: {
    start: () => 'started',
    run: async () => undefined,
    status: () => ({ running: false, outcomes: { served: 0, refused: 0, failed: 0, unchanged: 0 } }),
  },
});
await app.ready();
const yaml = stringify(app.swagger(), { lineWidth: 0 });
writeFileSync(new URL('../openapi.yaml', import.meta.url), yaml);
await app.close();
writeFileSync(new URL(`../${API_TYPES_PATH}`, import.meta.url), await generateApiTypes(yaml));
process.stdout.write(`openapi.yaml and ${API_TYPES_PATH} written\n`);
