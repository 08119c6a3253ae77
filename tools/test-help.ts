/** The projects a `--selectProjects a b c` in jest's arguments names; undefined when it selects none (every suite). */
export function selectedProjects(args: readonly string[]): string[] | undefined {
  const at = args.indexOf('--selectProjects');
  if (at < 0) return undefined;
  const end = args.findIndex((arg, index) => index > at && arg.startsWith('-'));
  return args.slice(at + 1, end < 0 ? undefined : end);
}

/**
 * npm test's usage for the selection package.json gave it: test:unit and test:e2e run dist/tools/test.js with
 * --selectProjects, so their help must say which suites run, not npm test's "every suite".
 */
export function selectionHelp(projects: readonly string[]): string {
  const e2eOnly = projects.length === 1 && projects[0] === 'e2e';
  const command = e2eOnly ? 'npm run test:e2e' : projects.includes('e2e') ? 'npm test' : 'npm run test:unit';
  const what = e2eOnly
    ? 'Runs only the end-to-end suites (project e2e): whole platforms started on free ports against'
    : `Runs only the specs of ${projects.join(', ')}${projects.includes('e2e') ? '' : ' (no end-to-end suite: npm run test:e2e)'}: unit specs, and integration specs against`;
  return `usage: ${command} [-- <jest args>]

${what} a real PostgreSQL that this command starts itself (.data/test-postgres-<port>, port TEST_PGPORT or 54330).
End-to-end platforms listen on ports drawn from TEST_PORT_RANGE (<first>-<last>, default 20000-31999).
Suites that need Kafka run when KAFKA_BROKERS is set (npm run kafka:up starts one); with REQUIRE_KAFKA=1 a
missing broker fails the run instead of skipping them. npm test runs every project.`;
}
