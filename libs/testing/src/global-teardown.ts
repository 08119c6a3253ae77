import type { EmbeddedServer } from '@shop/postgres';

/** Stops the test Postgres if this jest run started it. */
export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as { __testPostgres?: EmbeddedServer }).__testPostgres;
  if (server) await server.stop();
}
