import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { EventEnvelope } from '@shop/contracts';

/** The outcome of reading one Kafka message value against the published schemas. */
export type ReadResult =
  | { ok: true; envelope: EventEnvelope }
  /** `unknown-contract`: a type or version this copy of the schemas does not have (e.g. a newer version). */
  | { ok: false; reason: 'not-json' | 'unknown-contract' | 'invalid'; error: string };

/**
 * The published JSON Schemas (docs/contracts/schemas, one file per event type and version), compiled once.
 * This is all an integrator needs from the platform at run time: the files, a draft-07 validator and kafkajs.
 */
export class PublishedContracts {
  private constructor(private readonly validators: Map<string, ValidateFunction>) {}

  /** @param dir the schemas directory; default CONTRACT_SCHEMAS_DIR or docs/contracts/schemas above this file */
  static load(dir = process.env.CONTRACT_SCHEMAS_DIR ?? findSchemasDir(__dirname)): PublishedContracts {
    const ajv = new Ajv({ strict: true, allErrors: true });
    addFormats(ajv);
    const validators = new Map<string, ValidateFunction>();
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
      const schema = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { properties: { type: { const: string }; version: { const: number } } };
      validators.set(key(schema.properties.type.const, schema.properties.version.const), ajv.compile(schema));
    }
    if (validators.size === 0) throw new Error(`no published schemas in ${dir}`);
    return new PublishedContracts(validators);
  }

  has(type: string, version: number): boolean {
    return this.validators.has(key(type, version));
  }

  /** Parses and validates a message value; the envelope's own type and version pick the schema. */
  read(value: Buffer | string | null): ReadResult {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value === null ? 'null' : value.toString());
    } catch (error) {
      return { ok: false, reason: 'not-json', error: (error as Error).message };
    }
    const { type, version } = (parsed ?? {}) as { type?: unknown; version?: unknown };
    const validate = this.validators.get(key(String(type), Number(version)));
    if (!validate) return { ok: false, reason: 'unknown-contract', error: `no published schema for ${String(type)} v${String(version)}` };
    if (!validate(parsed)) return { ok: false, reason: 'invalid', error: `${String(type)} v${String(version)}: ${JSON.stringify(validate.errors?.slice(0, 3))}` };
    return { ok: true, envelope: parsed as EventEnvelope };
  }
}

function key(type: string, version: number): string {
  return `${type}@${version}`;
}

/** Walks up from `start` to the repository's docs/contracts/schemas (works from sources and from dist/). */
function findSchemasDir(start: string): string {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const candidate = join(dir, 'docs/contracts/schemas');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error('docs/contracts/schemas not found above this file; set CONTRACT_SCHEMAS_DIR');
  }
}
