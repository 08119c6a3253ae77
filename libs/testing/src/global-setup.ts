import { startTestServer } from './test-server';

/** Jest global setup: makes sure the test Postgres runs and the template is migrated; exports TEST_ADMIN_URL. */
export default async function globalSetup(): Promise<void> {
  const { adminUrl, server } = await startTestServer((line) => process.stderr.write(`[test-postgres] ${line}\n`));
  process.env.TEST_ADMIN_URL = adminUrl;
  (globalThis as { __testPostgres?: unknown }).__testPostgres = server;
}
