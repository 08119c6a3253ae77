import Ajv from 'ajv';
import addFormats from 'ajv-formats';

/** A JSON Schema (draft 7 subset) as plain data: an object or a boolean schema. */
export type Schema = boolean | { [keyword: string]: unknown };

/** What kind of constraint makes `b` reject a value `a` accepts. */
export type SubsetViolationKind =
  | 'type' | 'enum' | 'const' | 'minimum' | 'maximum' | 'multipleOf' | 'minLength' | 'maxLength' | 'pattern' | 'format'
  | 'minItems' | 'maxItems' | 'uniqueItems' | 'minProperties' | 'maxProperties'
  | 'required' | 'property' | 'additionalProperties' | 'false' | 'unsupported';

/** One reason why a value valid under `a` may be invalid under `b`; `path` is the data path (`/payload/amount`). */
export interface SubsetViolation {
  path: string;
  kind: SubsetViolationKind;
  /** Names the two schemas by the labels given, e.g. "current allows at most 50, published up to 100". */
  detail: string;
}

export interface SchemaLabels {
  a: string;
  b: string;
}

/** Keywords that never change which values validate. */
const ANNOTATIONS = new Set(['$schema', '$id', '$comment', 'title', 'description', 'examples', 'default', 'deprecated', 'readOnly', 'writeOnly']);
/** Keywords compared structurally; anything else must be identical on both sides or it is reported as unsupported. */
const ANALYSED = new Set([
  'type', 'enum', 'const', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength', 'pattern',
  'format', 'items', 'minItems', 'maxItems', 'uniqueItems', 'properties', 'required', 'additionalProperties', 'minProperties', 'maxProperties', 'anyOf',
]);
const ALL_TYPES = ['null', 'boolean', 'object', 'array', 'number', 'integer', 'string'];

type SchemaObject = { [keyword: string]: unknown };

// Only for checking enum/const values of `a` against `b`: the exact answer where one exists.
const valueChecker = new Ajv({ strict: false, addUsedSchema: false, validateSchema: false });
addFormats(valueChecker);

/**
 * Why some value accepted by schema `a` may be rejected by schema `b`; empty means every value `a` accepts, `b`
 * accepts too (a ⊆ b). Structural and conservative: for the keywords in ANALYSED it never misses a narrowing,
 * and where inclusion is undecidable (two different regex patterns, unknown keywords) it reports a violation
 * rather than guess. `oneOf`, `allOf`, `$ref`, `patternProperties` and friends count as unknown keywords.
 */
export function subsetViolations(a: Schema, b: Schema, labels: SchemaLabels, path = ''): SubsetViolation[] {
  const out: SubsetViolation[] = [];
  check(a, b, path, labels, out);
  return out;
}

function check(aSchema: Schema, bSchema: Schema, path: string, labels: SchemaLabels, out: SubsetViolation[]): void {
  if (aSchema === false || bSchema === true) return;
  if (bSchema === false) return void out.push({ path, kind: 'false', detail: `${labels.b} accepts no value here, ${labels.a} does` });
  const a: SchemaObject = aSchema === true ? {} : aSchema;
  const b: SchemaObject = bSchema;
  if (a.anyOf !== undefined || b.anyOf !== undefined) return checkAnyOf(a, b, path, labels, out);

  const unsupported = Object.keys({ ...a, ...b }).filter((keyword) => !ANNOTATIONS.has(keyword) && !ANALYSED.has(keyword));
  for (const keyword of unsupported) {
    if (canonical(a[keyword]) !== canonical(b[keyword])) {
      out.push({ path, kind: 'unsupported', detail: `keyword ${keyword} differs (${labels.a}: ${show(a[keyword])}, ${labels.b}: ${show(b[keyword])}) and is not analysed` });
    }
  }

  // A finite set of values decides it exactly: every one of them must pass b.
  const values = a.const !== undefined ? [a.const] : Array.isArray(a.enum) ? a.enum : undefined;
  if (values) {
    const rejected = values.filter((value) => !valueChecker.validate(stripAnnotations(b), value));
    if (rejected.length > 0) out.push({ path, kind: a.const !== undefined ? 'const' : 'enum', detail: `${labels.a} allows ${rejected.map(show).join(', ')}, which ${labels.b} rejects` });
    return;
  }
  if (b.const !== undefined) return void out.push({ path, kind: 'const', detail: `${labels.b} allows only ${show(b.const)}, ${labels.a} any value` });
  if (Array.isArray(b.enum)) return void out.push({ path, kind: 'enum', detail: `${labels.b} allows only ${b.enum.map(show).join(', ')}, ${labels.a} is not limited to those` });

  const typesA = typesOf(a);
  const typesB = typesOf(b);
  const covered = typesA.filter((type) => typesB.includes(type) || (type === 'integer' && typesB.includes('number')));
  const uncovered = typesA.filter((type) => !covered.includes(type));
  if (uncovered.length > 0) out.push({ path, kind: 'type', detail: `${labels.a} allows ${uncovered.join('|')}, ${labels.b} only ${typesB.join('|')}` });

  if (covered.some((type) => type === 'number' || type === 'integer')) checkNumber(a, b, path, labels, out);
  if (covered.includes('string')) checkString(a, b, path, labels, out);
  if (covered.includes('array')) checkArray(a, b, path, labels, out);
  if (covered.includes('object')) checkObject(a, b, path, labels, out);
}

function checkAnyOf(a: SchemaObject, b: SchemaObject, path: string, labels: SchemaLabels, out: SubsetViolation[]): void {
  const branchesA = branches(a);
  const branchesB = branches(b);
  if (!branchesA || !branchesB) {
    // anyOf next to other constraints means an intersection this checker does not model: equal or reported.
    if (canonical(stripAnnotations(a)) !== canonical(stripAnnotations(b))) {
      out.push({ path, kind: 'unsupported', detail: `anyOf combined with sibling keywords differs between ${labels.a} and ${labels.b} and is not analysed` });
    }
    return;
  }
  for (const branch of branchesA) {
    // Covered when some alternative of b accepts all of it; otherwise the closest alternative says what is missing.
    const attempts = branchesB.map((candidate) => subsetViolations(branch, candidate, labels, path));
    if (attempts.some((violations) => violations.length === 0)) continue;
    out.push(...attempts.reduce((best, next) => (next.length < best.length ? next : best)));
  }
}

/** The alternatives of a schema, or undefined when anyOf sits next to other constraints. */
function branches(schema: SchemaObject): Schema[] | undefined {
  if (schema.anyOf === undefined) return [schema];
  const siblings = Object.keys(schema).filter((keyword) => keyword !== 'anyOf' && !ANNOTATIONS.has(keyword));
  return siblings.length === 0 && Array.isArray(schema.anyOf) ? (schema.anyOf as Schema[]) : undefined;
}

function checkNumber(a: SchemaObject, b: SchemaObject, path: string, labels: SchemaLabels, out: SubsetViolation[]): void {
  const lowA = bound(a, 'minimum', 'exclusiveMinimum', Math.max);
  const lowB = bound(b, 'minimum', 'exclusiveMinimum', Math.max);
  if (lowB && (!lowA || lowA.value < lowB.value || (lowA.value === lowB.value && lowB.exclusive && !lowA.exclusive))) {
    out.push({ path, kind: 'minimum', detail: `${labels.b} requires ${lowB.exclusive ? '>' : '>='} ${lowB.value}, ${labels.a} ${lowA ? `allows ${lowA.exclusive ? '>' : '>='} ${lowA.value}` : 'has no lower bound'}` });
  }
  const highA = bound(a, 'maximum', 'exclusiveMaximum', Math.min);
  const highB = bound(b, 'maximum', 'exclusiveMaximum', Math.min);
  if (highB && (!highA || highA.value > highB.value || (highA.value === highB.value && highB.exclusive && !highA.exclusive))) {
    out.push({ path, kind: 'maximum', detail: `${labels.b} requires ${highB.exclusive ? '<' : '<='} ${highB.value}, ${labels.a} ${highA ? `allows ${highA.exclusive ? '<' : '<='} ${highA.value}` : 'has no upper bound'}` });
  }
  if (typeof b.multipleOf === 'number' && !(typeof a.multipleOf === 'number' && Number.isInteger(a.multipleOf / b.multipleOf))) {
    out.push({ path, kind: 'multipleOf', detail: `${labels.b} requires multiples of ${b.multipleOf}, ${labels.a} ${a.multipleOf === undefined ? 'does not' : `multiples of ${a.multipleOf}`}` });
  }
}

/** The tightest bound from an inclusive and an exclusive keyword (draft 7 numbers; draft 4 booleans ignored). */
function bound(schema: SchemaObject, inclusive: string, exclusive: string, tighter: (x: number, y: number) => number): { value: number; exclusive: boolean } | undefined {
  const incl = typeof schema[inclusive] === 'number' ? (schema[inclusive] as number) : undefined;
  const excl = typeof schema[exclusive] === 'number' ? (schema[exclusive] as number) : undefined;
  if (incl === undefined && excl === undefined) return undefined;
  if (incl === undefined) return { value: excl!, exclusive: true };
  if (excl === undefined) return { value: incl, exclusive: false };
  const value = tighter(incl, excl);
  return { value, exclusive: value === excl };
}

function checkString(a: SchemaObject, b: SchemaObject, path: string, labels: SchemaLabels, out: SubsetViolation[]): void {
  compareLimit(a, b, 'minLength', 'at least', 0, (x, y) => x < y, path, labels, out);
  compareLimit(a, b, 'maxLength', 'at most', Infinity, (x, y) => x > y, path, labels, out);
  // Inclusion of two regular languages is not worth deciding here: any change of pattern is reported.
  if (b.pattern !== undefined && a.pattern !== b.pattern) {
    out.push({ path, kind: 'pattern', detail: `${labels.b} requires pattern ${show(b.pattern)}, ${labels.a} ${a.pattern === undefined ? 'has none' : show(a.pattern)}` });
  }
  if (b.format !== undefined && a.format !== b.format) {
    out.push({ path, kind: 'format', detail: `${labels.b} requires format ${show(b.format)}, ${labels.a} ${a.format === undefined ? 'has none' : show(a.format)}` });
  }
}

function checkArray(a: SchemaObject, b: SchemaObject, path: string, labels: SchemaLabels, out: SubsetViolation[]): void {
  compareLimit(a, b, 'minItems', 'at least', 0, (x, y) => x < y, path, labels, out);
  compareLimit(a, b, 'maxItems', 'at most', Infinity, (x, y) => x > y, path, labels, out);
  if (b.uniqueItems === true && a.uniqueItems !== true) out.push({ path, kind: 'uniqueItems', detail: `${labels.b} requires unique items, ${labels.a} does not` });
  const itemsA = a.items ?? true;
  const itemsB = b.items ?? true;
  if (Array.isArray(itemsA) || Array.isArray(itemsB)) {
    if (canonical(itemsA) !== canonical(itemsB)) out.push({ path, kind: 'unsupported', detail: `tuple items differ between ${labels.a} and ${labels.b} and are not analysed` });
    return;
  }
  check(itemsA as Schema, itemsB as Schema, `${path}/[]`, labels, out);
}

function checkObject(a: SchemaObject, b: SchemaObject, path: string, labels: SchemaLabels, out: SubsetViolation[]): void {
  compareLimit(a, b, 'minProperties', 'at least', 0, (x, y) => x < y, path, labels, out);
  compareLimit(a, b, 'maxProperties', 'at most', Infinity, (x, y) => x > y, path, labels, out);
  const requiredA = new Set(Array.isArray(a.required) ? (a.required as string[]) : []);
  for (const name of Array.isArray(b.required) ? (b.required as string[]) : []) {
    if (!requiredA.has(name)) out.push({ path: `${path}/${name}`, kind: 'required', detail: `${labels.b} requires ${name}, ${labels.a} does not` });
  }
  const propertiesA = (a.properties ?? {}) as Record<string, Schema>;
  const propertiesB = (b.properties ?? {}) as Record<string, Schema>;
  for (const name of new Set([...Object.keys(propertiesA), ...Object.keys(propertiesB)])) {
    const schemaA = propertiesA[name] ?? additional(a);
    const schemaB = propertiesB[name] ?? additional(b);
    if (schemaA === false) continue;
    if (schemaB === false) out.push({ path: `${path}/${name}`, kind: 'property', detail: `${labels.a} allows ${name}, ${labels.b} does not allow it` });
    else check(schemaA, schemaB, `${path}/${name}`, labels, out);
  }
  const otherA = additional(a);
  const otherB = additional(b);
  if (otherA !== false && otherB === false) out.push({ path, kind: 'additionalProperties', detail: `${labels.a} allows undeclared properties, ${labels.b} does not` });
  else check(otherA, otherB, `${path}/*`, labels, out);
}

function additional(schema: SchemaObject): Schema {
  return (schema.additionalProperties ?? true) as Schema;
}

/** Reports when b's limit on `keyword` is stricter than a's (`stricter(limitA, limitB)`). */
function compareLimit(
  a: SchemaObject, b: SchemaObject, keyword: SubsetViolationKind, phrase: string, unlimited: number,
  stricter: (limitA: number, limitB: number) => boolean, path: string, labels: SchemaLabels, out: SubsetViolation[],
): void {
  if (typeof b[keyword] !== 'number') return;
  const limitA = typeof a[keyword] === 'number' ? (a[keyword] as number) : unlimited;
  if (stricter(limitA, b[keyword] as number)) {
    out.push({ path, kind: keyword, detail: `${labels.b} requires ${keyword} ${phrase} ${b[keyword]}, ${labels.a} ${Number.isFinite(limitA) ? limitA : 'none'}` });
  }
}

function typesOf(schema: SchemaObject): string[] {
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.type)) return schema.type as string[];
  return ALL_TYPES;
}

function stripAnnotations(schema: Schema): Schema {
  if (typeof schema === 'boolean') return schema;
  return Object.fromEntries(Object.entries(schema).filter(([keyword]) => !ANNOTATIONS.has(keyword)));
}

/** JSON with sorted keys, so two schemas that differ only in key order compare equal. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item) ? Object.fromEntries(Object.entries(item).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) : item,
  ) ?? 'undefined';
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
