import { existsSync } from 'node:fs';

/**
 * Which suites this run will skip, and why: jest reports skipped suites as a count only, so the reason is said
 * here, before the run (the suites' own gates make the same decisions; a REQUIRE_* flag turns a skip into a failure).
 */
export function skippedSuites(env: NodeJS.ProcessEnv, hasChromium = existsSync('/usr/bin/chromium')): string[] {
  const notes: string[] = [];
  if (!env.KAFKA_BROKERS?.trim() && env.REQUIRE_KAFKA !== '1') notes.push('Kafka suites will be skipped: KAFKA_BROKERS is not set (npm run kafka:up starts a broker on 127.0.0.1:9092)');
  if (!env.CONNECT_URL?.trim() && env.REQUIRE_CONNECT !== '1') notes.push('the Debezium suite will be skipped: CONNECT_URL is not set (npm run kafka:up starts Kafka Connect on http://127.0.0.1:8083)');
  if (!hasChromium && env.REQUIRE_BROWSER !== '1') notes.push("the dashboard's browser test will be skipped: /usr/bin/chromium is missing (apt-get install -y chromium)");
  return notes;
}
