import type { TestContext } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createMemoryStore } from '../../src/events/memory-store.ts';
import { type AppOptions, buildApp } from '../../src/http/app.ts';
import { FakeEngine } from './fake-engine.ts';

export const CLIENT_KEY = 'client-key-0123456789';
export const ADMIN_KEY = 'admin-key-9876543210';
export const client = { 'x-api-key': CLIENT_KEY };
export const admin = { 'x-api-key': ADMIN_KEY };

export interface SecureApp {
  app: FastifyInstance;
  engine: FakeEngine;
  store: ReturnType<typeof createMemoryStore>;
  reloads: number;
  retrains: number;
}

/**
 * The real app as a networked deployment runs it: client and admin keys, both admin routes
 * wired (counting their calls), over a fake engine and an in-memory store.
 */
export async function secureApp(t: TestContext, opts: Partial<AppOptions> = {}): Promise<SecureApp> {
  const engine = new FakeEngine();
  const store = createMemoryStore();
  const out = { engine, store, reloads: 0, retrains: 0 } as SecureApp;
  out.app = await buildApp({
    engine,
    data: engine,
    store,
    logger: false,
    apiKeys: CLIENT_KEY,
    adminKeys: ADMIN_KEY,
    loopbackOnly: false,
    reload: async () => {
      out.reloads++;
      return { changed: false, modelVersion: 'fake-1', previousVersion: 'fake-1' };
    },
    retrain: {
      start: () => {
        out.retrains++;
        return 'started';
      },
      run: async () => {
        out.retrains++;
        return { status: 'served', at: new Date(0).toISOString(), modelVersion: 'fake-2' };
      },
      status: () => ({
        running: false,
        outcomes: { served: out.retrains, refused: 0, failed: 0, unchanged: 0 },
      }),
    },
    ...opts,
  });
  await out.app.ready();
  t.after(() => out.app.close());
  return out;
}
