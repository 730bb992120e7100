import { createServer } from 'node:net';
/**
 * Real servers for the tests that need them (PostgreSQL, Redis), started by `.ci/services.sh`.
 * Locally a test skips with this reason when its URL is unset; under CI it must not skip.
 */
export function serviceUrl(env: 'RECO_TEST_DATABASE_URL' | 'RECO_TEST_REDIS_URL'): {
  url: string;
  skip?: string;
} {
  const url = process.env[env] ?? '';
  if (url) return { url };
  if (process.env.CI) throw new Error(`${env} is not set: .ci/run starts the servers and exports it`);
  return { url, skip: `${env} not set (eval "$(bash .ci/services.sh)" starts PostgreSQL and Redis)` };
}

/** A loopback port that was free a moment ago: nothing listens there (an unreachable server). */
export function closedPort(): Promise<number> {
  return new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}
