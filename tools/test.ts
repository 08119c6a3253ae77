import { spawn } from 'node:child_process';
import { startTestServer } from '@shop/testing';

const HELP = `usage: npm test [-- <jest args>]

Runs every suite this machine can run: unit specs, integration specs against a real PostgreSQL that this
command starts itself (.data/test-postgres-<port>, port TEST_PGPORT or 54330), and end-to-end suites.
Suites that need Kafka run when KAFKA_BROKERS is set (npm run kafka:up starts one); with REQUIRE_KAFKA=1 a
missing broker fails the run instead of skipping them (CI sets it).`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help')) {
    console.log(HELP);
    return;
  }
  const started = Date.now();
  const { adminUrl, server } = await startTestServer((line) => console.error(`[test-postgres] ${line}`));
  console.error(`test: PostgreSQL ready in ${Date.now() - started} ms; running jest`);
  const jest = spawn(process.execPath, [require.resolve('jest/bin/jest'), '--ci', ...args], {
    stdio: 'inherit',
    env: { ...process.env, TEST_ADMIN_URL: adminUrl },
  });
  const code: number = await new Promise((resolve) => jest.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0))));
  await server?.stop();
  process.exit(code);
}

main().catch((error) => {
  console.error(`test: ${(error as Error).message}`);
  process.exit(1);
});
