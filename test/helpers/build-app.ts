import type { TestContext } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createMemoryStore } from '../../src/events/memory-store.ts';
import type { EventStore } from '../../src/events/store.ts';
import { buildApp } from '../../src/http/app.ts';
import { FakeEngine } from './fake-engine.ts';

export interface TestApp {
  app: FastifyInstance;
  engine: FakeEngine;
  store: EventStore;
}

/** The real app over a fake engine and an in-memory store; closed when the test ends. */
export async function build(t: TestContext, opts: { bodyLimitBytes?: number } = {}): Promise<TestApp> {
  const engine = new FakeEngine();
  const store = createMemoryStore();
  const reload = async () => ({ changed: false, modelVersion: 'fake-1', previousVersion: 'fake-1' });
  const retrain = {
    start: () => 'started' as const,
    run: async () => undefined,
    status: () => ({ running: false, outcomes: { served: 0, refused: 0, failed: 0, unchanged: 0 } }),
  };
  const app = await buildApp({ engine, data: engine, store, logger: false, reload, retrain, ...opts });
  await app.ready();
  t.after(() => app.close());
  return { app, engine, store };
}

/** Asserts the JSON error body shape and returns its code. */
export function errorCode(res: {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}): string {
  const body = JSON.parse(res.body);
  if (typeof body?.error?.code !== 'string' || typeof body.error.message !== 'string') {
    throw new Error(`not an error body: ${res.body.slice(0, 200)}`);
  }
  return body.error.code;
}
