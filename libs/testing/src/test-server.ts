import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@shop/config';
import { EmbeddedServer, SERVICE_ROLES, ServiceRole, ensureDatabase, platformMigrationSets, preparePlatformDatabase, startEmbeddedPostgres } from '@shop/postgres';
import { Client } from 'pg';

/** Password of every service role on the test server (loopback only, throwaway data). */
export const TEST_ROLE_PASSWORD = 'test';
const TEST_PORT = Number(process.env.TEST_PGPORT ?? 54330);
const SUPERUSER_PASSWORD = 'test-superuser';

/**
 * The template's name carries a hash of every migration file, so editing a migration during development gives
 * a fresh template instead of a checksum error from the old one.
 */
export function templateDatabase(): string {
  const hash = createHash('sha256');
  for (const set of platformMigrationSets()) {
    for (const file of readdirSync(set.dir).sort()) hash.update(set.service).update(file).update(readFileSync(join(set.dir, file)));
  }
  return `shop_template_${hash.digest('hex').slice(0, 12)}`;
}

export function testRolePasswords(): Record<ServiceRole, string> {
  return Object.fromEntries(SERVICE_ROLES.map((role) => [role, TEST_ROLE_PASSWORD])) as Record<ServiceRole, string>;
}

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/**
 * The Postgres the tests run against: TEST_ADMIN_URL if given, else the project's own embedded server in
 * .data/test-postgres-<port> (started when nothing answers on the port). The template database holds every migration, so a
 * test file's fresh database is a cheap copy of it.
 */
export async function startTestServer(log: (line: string) => void = () => undefined): Promise<{ adminUrl: string; server?: EmbeddedServer }> {
  let adminUrl = process.env.TEST_ADMIN_URL;
  let server: EmbeddedServer | undefined;
  if (!adminUrl) {
    adminUrl = `postgres://postgres:${SUPERUSER_PASSWORD}@127.0.0.1:${TEST_PORT}/postgres`;
    if (!(await answers(adminUrl))) {
      log(`starting the test PostgreSQL on 127.0.0.1:${TEST_PORT}`);
      server = await startEmbeddedPostgres({
        dataDir: join(repoRoot(), '.data', `test-postgres-${TEST_PORT}`),
        port: TEST_PORT,
        superuserPassword: SUPERUSER_PASSWORD,
        // Throwaway data: durability off makes the suites several times faster.
        settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', shared_buffers: '256MB' },
      });
    }
  }
  const templateUrl = await ensureDatabase(adminUrl, templateDatabase());
  await preparePlatformDatabase(templateUrl, testRolePasswords(), log);
  return { adminUrl, server };
}
