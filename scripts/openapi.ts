// Writes openapi.yaml from the route schemas (the document @fastify/swagger builds).
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { createMemoryStore } from '../src/events/memory-store.ts';
import { buildApp } from '../src/http/app.ts';
import type { Engine } from '../src/serving/engine.ts';

const idle: Engine = {
  isReady: () => false,
  modelVersion: () => undefined,
  recommend: () => Promise.reject(new Error('not used')),
  similar: () => Promise.reject(new Error('not used')),
  observe: async () => {},
  addItems: () => 0,
  stats: () => ({ cacheHits: 0, cacheMisses: 0, cachedUsers: 0 }),
  close: () => {},
};
const app = await buildApp({
  engine: idle,
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
writeFileSync(new URL('../openapi.yaml', import.meta.url), stringify(app.swagger(), { lineWidth: 0 }));
await app.close();
process.stdout.write('openapi.yaml written\n');
