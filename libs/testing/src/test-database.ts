import { randomBytes } from 'node:crypto';
import { ServiceRole, createPool, withCredentials, withDatabase } from '@shop/postgres';
import { Client, Pool } from 'pg';
import { TEST_ROLE_PASSWORD, templateDatabase } from './test-server';

/** A fresh database for one test file: a copy of the migrated template, dropped afterwards. */
export interface TestDatabase {
  readonly name: string;
  /** Superuser URL of this database: for assertions only, never for code under test. */
  readonly adminUrl: string;
  urlFor(role: ServiceRole): string;
  /** A pool logged in as `role` (closed by drop()). */
  pool(role: ServiceRole | 'admin'): Pool;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_ADMIN_URL;
  if (!serverUrl) throw new Error('TEST_ADMIN_URL is not set: run tests with `npm test` (or jest, whose global setup starts the test Postgres)');
  const name = `t_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    // The template may be briefly in use by another file's copy; retry the copy a few times.
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${templateDatabase()}`);
        break;
      } catch (error) {
        if (attempt >= 20 || !/being accessed by other users/.test((error as Error).message)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  } finally {
    await admin.end();
  }
  const adminUrl = withDatabase(serverUrl, name);
  const pools: Pool[] = [];
  return {
    name,
    adminUrl,
    urlFor: (role) => withCredentials(adminUrl, role, TEST_ROLE_PASSWORD),
    pool(role) {
      const pool = createPool({ url: role === 'admin' ? adminUrl : withCredentials(adminUrl, role, TEST_ROLE_PASSWORD), applicationName: `test-${role}`, max: 5 });
      pools.push(pool);
      return pool;
    },
    async drop() {
      await Promise.all(pools.map((pool) => pool.end().catch(() => undefined)));
      const client = new Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
