import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// House rule: domain logic (services/*/src/domain) is plain TypeScript, with no NestJS, pg or kafkajs, not even
// through a barrel that re-exports them. Follows every runtime import (not `import type`) from each domain file.
const ROOT = resolve(__dirname, '..');
const FORBIDDEN = /^(@nestjs\/|pg$|pg\/|kafkajs$|fastify$|@fastify\/)/;
const ALIASES: Record<string, string> = Object.fromEntries(
  Object.entries((JSON.parse(readFileSync(join(ROOT, 'tsconfig.base.json'), 'utf8')).compilerOptions.paths ?? {}) as Record<string, string[]>).map(
    ([alias, [target]]) => [alias, join(ROOT, target)],
  ),
);
const RUNTIME_IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;

function resolveSource(from: string, specifier: string): string | undefined {
  const base = ALIASES[specifier] ?? (specifier.startsWith('.') ? resolve(dirname(from), specifier) : undefined);
  if (!base) return undefined;
  return [base, `${base}.ts`, join(base, 'index.ts')].find((candidate) => candidate.endsWith('.ts') && existsSync(candidate));
}

/** The packages a source reaches at run time, with the chain of files that leads to each forbidden one. */
function forbiddenReach(entry: string): string[] {
  const seen = new Set<string>();
  const found: string[] = [];
  const visit = (file: string, chain: string[]) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(RUNTIME_IMPORT)) {
      if (FORBIDDEN.test(specifier)) found.push([...chain, relative(ROOT, file), specifier].join(' -> '));
      const next = resolveSource(file, specifier);
      if (next) visit(next, [...chain, relative(ROOT, file)]);
    }
  };
  visit(entry, []);
  return found;
}

const servicesDir = join(ROOT, 'services');
const domainFiles = readdirSync(servicesDir).flatMap((service) => {
  const dir = join(servicesDir, service, 'src', 'domain');
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.ts') && !/\.(spec|int-spec)\.ts$/.test(name)).map((name) => join(dir, name)) : [];
});

describe('domain code is plain TypeScript', () => {
  it('finds the domain files', () => expect(domainFiles.length).toBeGreaterThan(10));

  it.each(domainFiles.map((file) => [relative(ROOT, file), file]))('%s reaches no NestJS, pg or kafkajs', (_name, file) => {
    expect(forbiddenReach(file)).toEqual([]);
  });

  it('would notice one that does, through a barrel', () => {
    expect(forbiddenReach(join(ROOT, 'libs/service-kit/src/index.ts')).some((chain) => chain.includes('@nestjs/'))).toBe(true);
  });
});
