import { spawn } from 'node:child_process';
import { startTestServer } from '@shop/testing';
import { selectedProjects, selectionHelp } from './test-help';
import { skippedSuites } from './test-skips';

const HELP = `usage: npm test [-- <jest args>]

Runs every suite this machine can run: unit specs, integration specs against a real PostgreSQL that this
command starts itself (.data/test-postgres-<port>, port TEST_PGPORT or 54330), and end-to-end suites.
Suites that need Kafka run when KAFKA_BROKERS is set (npm run kafka:up starts one); with REQUIRE_KAFKA=1 a
missing broker fails the run instead of skipping them (CI sets it).`;

const CHAOS_HELP = `usage: npm run test:chaos [-- <jest args>]

Steady checkout load on a fresh platform while every service is SIGKILLed in turn, Postgres is restarted, a kill
lands between a provider call and its record, and duplicates are injected; then the invariant checker must pass.
Runs in the embedded mode, and in Kafka mode too when KAFKA_BROKERS is set (REQUIRE_KAFKA=1: a missing broker
fails the run). Like npm test, it starts its own PostgreSQL (port TEST_PGPORT or 54330).

  CHAOS_SECONDS   seconds of load per mode (default 45)
  CHAOS_RATE      orders per second offered (default 15)`;

/** The chaos suite's knobs, checked here so a typo stops the run instead of running it with NaN. */
function chaosSettingsError(env: NodeJS.ProcessEnv): string | undefined {
  for (const name of ['CHAOS_SECONDS', 'CHAOS_RATE']) {
    const value = env[name];
    if (value !== undefined && !(Number(value) > 0)) return `${name} must be a positive number, got "${value}"`;
  }
  return undefined;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const chaos = args.some((arg) => arg.includes('jest.chaos.config'));
  if (args.includes('--help')) {
    const projects = selectedProjects(args);
    console.log(chaos ? CHAOS_HELP : projects ? selectionHelp(projects) : HELP);
    return;
  }
  const settingsError = chaos ? chaosSettingsError(process.env) : undefined;
  if (settingsError) {
    console.error(`test:chaos: ${settingsError}`);
    process.exit(2);
  }
  for (const note of skippedSuites(process.env)) console.error(`test: ${note}`);
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
