import type { JsonSchema } from './contract';
import { Schema, SubsetViolation, SubsetViolationKind, canonical, subsetViolations } from './schema-subset';

/**
 * Which readers a change to a published version must not break:
 * - `backward`: the current schema still accepts every message the published one did (the log is replayed by
 *   projection rebuilds and new consumers, so old messages must stay valid);
 * - `forward`: consumers still validating with the published schema accept every message the current one allows
 *   (services and integrators upgrade on their own schedule, and they validate strictly);
 * - `full`: both, the policy for this platform (docs/contracts/VERSIONING.md). Anything else needs a new version.
 */
export type CompatibilityMode = 'backward' | 'forward' | 'full';
export type CompatibilityDirection = 'backward' | 'forward';

/** One incompatible change between a published schema and the current one. */
export interface Incompatibility {
  /** Data path in the message, e.g. `/payload/amountCents`. */
  path: string;
  /** Short name of the change, e.g. "property removed or renamed", "narrowed maximum". */
  change: string;
  detail: string;
  /** The readers it breaks (none listed for a removed version: it breaks whoever still reads it). */
  breaks: CompatibilityDirection[];
}

const labels = { backward: { a: 'published', b: 'current' }, forward: { a: 'current', b: 'published' } } as const;

const CONSEQUENCE: Record<CompatibilityDirection, string> = {
  backward: 'messages already published under this version would fail validation',
  forward: 'consumers still on the published schema would reject new messages',
};

/** Every incompatibility between `published` and `current` that matters in `mode`; empty when compatible. */
export function compareSchemas(published: JsonSchema, current: JsonSchema, mode: CompatibilityMode = 'full'): Incompatibility[] {
  const directions: CompatibilityDirection[] = mode === 'full' ? ['backward', 'forward'] : [mode];
  const found = new Map<string, Incompatibility>();
  for (const direction of directions) {
    // backward: published ⊆ current; forward: current ⊆ published.
    const [a, b] = direction === 'backward' ? [published, current] : [current, published];
    for (const violation of subsetViolations(a as Schema, b as Schema, labels[direction])) {
      const change = changeName(violation, direction);
      const key = `${violation.path}\u0000${change}`;
      const existing = found.get(key);
      if (existing) existing.breaks.push(direction);
      else found.set(key, { path: violation.path || '/', change, detail: violation.detail, breaks: [direction] });
    }
  }
  return [...found.values()];
}

const NARROWABLE: SubsetViolationKind[] = ['type', 'enum', 'const', 'minimum', 'maximum', 'multipleOf', 'minLength', 'maxLength', 'format', 'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties'];

function changeName(violation: SubsetViolation, direction: CompatibilityDirection): string {
  const backward = direction === 'backward';
  switch (violation.kind) {
    case 'property':
      return backward ? 'property removed or renamed' : 'property added to a closed object';
    case 'required':
      return backward ? 'new required property' : 'required property made optional';
    case 'additionalProperties':
      return backward ? 'additionalProperties tightened' : 'additionalProperties loosened';
    case 'false':
      return backward ? 'value forbidden' : 'forbidden value allowed';
    case 'pattern':
      return 'pattern changed';
    case 'unsupported':
      return 'changed keyword that is not analysed';
    default:
      return NARROWABLE.includes(violation.kind) ? `${backward ? 'narrowed' : 'widened'} ${violation.kind}` : violation.kind;
  }
}

/** Outcome for one published (or newly added) event type and version. */
export interface ContractCompatibility {
  /** `payments.payment-captured.v1.json` */
  file: string;
  status: 'unchanged' | 'compatible' | 'incompatible' | 'new' | 'removed';
  problems: Incompatibility[];
}

/**
 * Compares the schemas generated from the registry with the published snapshots, both keyed by file name.
 * A new file is fine; a published file missing from the registry is not (contracts are never removed).
 */
export function checkPublishedContracts(
  published: ReadonlyMap<string, JsonSchema>,
  current: ReadonlyMap<string, JsonSchema>,
  mode: CompatibilityMode = 'full',
): ContractCompatibility[] {
  const results: ContractCompatibility[] = [];
  for (const [file, schema] of current) {
    const snapshot = published.get(file);
    if (!snapshot) results.push({ file, status: 'new', problems: [] });
    else if (canonical(snapshot) === canonical(schema)) results.push({ file, status: 'unchanged', problems: [] });
    else {
      const problems = compareSchemas(snapshot, schema, mode);
      results.push({ file, status: problems.length > 0 ? 'incompatible' : 'compatible', problems });
    }
  }
  for (const file of published.keys()) {
    if (!current.has(file)) {
      results.push({ file, status: 'removed', problems: [{ path: '/', change: 'published version removed', detail: 'the registry no longer has this event version, but published versions stay served for replays and late consumers', breaks: [] }] });
    }
  }
  return results.sort((x, y) => (x.file < y.file ? -1 : x.file > y.file ? 1 : 0));
}

/** One line per problem: `payments.payment-captured v1 /payload/amountCents: narrowed maximum (...)`. */
export function describeIncompatibility(file: string, problem: Incompatibility): string {
  const event = file.replace(/\.v(\d+)\.json$/, ' v$1');
  const consequences = problem.breaks.map((direction) => CONSEQUENCE[direction]).join('; ');
  return `${event} ${problem.path}: ${problem.change}: ${problem.detail}${consequences ? ` (${consequences})` : ''}`;
}
