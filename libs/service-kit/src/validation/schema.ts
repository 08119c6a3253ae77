import type { FieldError } from '../problem';

/**
 * Small validation combinators. Each schema checks a value, names the offending field in every message
 * ("items[0].quantity"), returns the normalised value (ids become strings), and describes itself as JSON Schema,
 * so the OpenAPI document is generated from the same definitions the gateway enforces.
 */
export type JsonSchema = Record<string, unknown>;

/** Returned by `parse` when the value was refused (the reasons are in `errors`). */
export const INVALID: unique symbol = Symbol('invalid');
export type Parsed<T> = T | typeof INVALID;

export interface Schema<T> {
  /** Optional fields may be absent from their object. */
  readonly optional: boolean;
  /** Checks a present value found at `path`; pushes one error per problem. */
  parse(value: unknown, path: string, errors: FieldError[]): Parsed<T>;
  jsonSchema(): JsonSchema;
}

export type Output<S> = S extends Schema<infer T> ? T : never;

/** Path of a property: `shippingAddress.city`; of the body itself: `body`. */
export const childPath = (path: string, key: string): string => (path ? `${path}.${key}` : key);
const indexPath = (path: string, index: number): string => `${path || 'body'}[${index}]`;

function refuse(errors: FieldError[], path: string, message: string): typeof INVALID {
  errors.push({ field: path || 'body', message });
  return INVALID;
}

/** "a string", "null", "an array", ... for messages that say what was sent instead. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  // JSON.parse turns a number beyond the double range (1e400) into Infinity, which is not a fraction.
  if (typeof value === 'number') return !Number.isFinite(value) ? 'a number out of range' : Number.isInteger(value) ? 'an integer' : 'a fractional number';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'boolean') return 'a boolean';
  return typeof value;
}

function schema<T>(jsonSchema: JsonSchema, parse: Schema<T>['parse']): Schema<T> {
  return { optional: false, parse, jsonSchema: () => jsonSchema };
}

export interface TextOptions {
  min?: number;
  max: number;
  pattern?: RegExp;
  /** Said when the pattern does not match. */
  patternMessage?: string;
  description?: string;
  example?: string;
}

const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** Half of a UTF-16 surrogate pair without its other half: JSON can carry it (`"\ud800"`), UTF-8 cannot. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Why a string cannot be stored as given, if it cannot: Postgres refuses NUL in text and json, and a lone
 * surrogate either fails a json cast or is silently stored as U+FFFD. The caller gets a 422 naming the field.
 */
export function unstorableText(value: string): string | undefined {
  if (CONTROL_CHARACTERS.test(value)) return 'must not contain control characters';
  if (LONE_SURROGATE.test(value)) return 'must be valid Unicode (it holds half of a surrogate pair)';
  return undefined;
}

/**
 * Characters as JSON Schema's minLength and maxLength count them, and as Postgres counts a varchar's: code
 * points, so an emoji is one character, not its two UTF-16 units.
 */
export function characterCount(value: string): number {
  let count = value.length;
  for (let index = 0; index < value.length; index++) {
    const unit = value.charCodeAt(index);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count--;
        index++;
      }
    }
  }
  return count;
}

/** A string of `min`..`max` characters (blank counts as empty when min >= 1), optionally matching a pattern. */
export function text(options: TextOptions): Schema<string> {
  const min = options.min ?? 1;
  return schema(
    {
      type: 'string',
      minLength: min,
      maxLength: options.max,
      ...(options.pattern ? { pattern: options.pattern.source } : {}),
      ...(options.description ? { description: options.description } : {}),
      ...(options.example !== undefined ? { example: options.example } : {}),
    },
    (value, path, errors) => {
      if (typeof value !== 'string') return refuse(errors, path, `must be a string, not ${describeType(value)}`);
      if (min >= 1 && value.trim().length === 0) return refuse(errors, path, 'must not be empty or blank');
      const length = characterCount(value);
      if (length < min || length > options.max) return refuse(errors, path, `must be ${min} to ${options.max} characters long`);
      const unstorable = unstorableText(value);
      if (unstorable) return refuse(errors, path, unstorable);
      if (options.pattern && !options.pattern.test(value)) return refuse(errors, path, options.patternMessage ?? `must match ${options.pattern.source}`);
      return value;
    },
  );
}

/** Largest bigint id (Postgres bigint). */
const MAX_ID = 9223372036854775807n;
const ID_PATTERN = /^[1-9]\d{0,18}$/;
export const ID_MESSAGE = 'must be a positive integer id given as a string, e.g. "42"';

/** Whether `text` is an id the database can hold: a positive bigint, written without sign or leading zeros. */
export function isId(text: string | undefined): text is string {
  return text !== undefined && ID_PATTERN.test(text) && BigInt(text) <= MAX_ID;
}

/**
 * An id: a positive integer string up to the bigint range ("42"). A JSON number is accepted only when it is a
 * safe integer (42, not 4.2 or 2^60, whose digits JSON cannot carry exactly); either way the value is a string.
 */
export function id(description = 'Positive integer id as a string', options: { jsonNumbers?: boolean } = {}): Schema<string> {
  const jsonNumbers = options.jsonNumbers ?? true;
  const note = jsonNumbers ? '; a JSON number is accepted when it is a safe integer' : '';
  return schema({ type: 'string', pattern: ID_PATTERN.source, example: '42', description: `${description}${note}` }, (value, path, errors) => {
    if (typeof value === 'number' && jsonNumbers) {
      if (Number.isSafeInteger(value) && value >= 1) return String(value);
      return refuse(
        errors,
        path,
        value > Number.MAX_SAFE_INTEGER ? `${ID_MESSAGE}; numbers beyond ${Number.MAX_SAFE_INTEGER} lose digits in JSON` : ID_MESSAGE,
      );
    }
    if (typeof value !== 'string' || !isId(value)) return refuse(errors, path, ID_MESSAGE);
    return value;
  });
}

export interface IntegerOptions {
  min: number;
  max: number;
  description?: string;
  /** Said when out of range; defaults to "must be between min and max". */
  rangeMessage?: string;
}

/** A JSON integer in [min, max]; strings such as "5" and fractions such as 1.5 are refused. */
export function integer(options: IntegerOptions): Schema<number> {
  return schema(
    { type: 'integer', minimum: options.min, maximum: options.max, ...(options.description ? { description: options.description } : {}) },
    (value, path, errors) => {
      if (typeof value !== 'number') return refuse(errors, path, `must be an integer, not ${describeType(value)}`);
      if (!Number.isFinite(value))
        return refuse(errors, path, `must be a finite integer between ${options.min} and ${options.max}; this number is out of range`);
      if (!Number.isInteger(value)) return refuse(errors, path, 'must be a whole number, not a fraction');
      if (value < options.min || value > options.max) return refuse(errors, path, options.rangeMessage ?? `must be between ${options.min} and ${options.max}`);
      return value;
    },
  );
}

/** Money: a non-negative whole number of minor units (cents) no larger than Number.MAX_SAFE_INTEGER. */
export function money(description = 'Amount in minor units of the currency (e.g. cents)'): Schema<number> {
  return schema({ type: 'integer', format: 'int64', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description, example: 2500 }, (value, path, errors) => {
    if (typeof value !== 'number') return refuse(errors, path, `must be an integer number of minor units (e.g. cents), not ${describeType(value)}`);
    if (!Number.isFinite(value))
      return refuse(errors, path, `must be a finite integer number of minor units, 0 to ${Number.MAX_SAFE_INTEGER}; this number is out of range`);
    if (!Number.isInteger(value)) return refuse(errors, path, 'must be a whole number of minor units (e.g. 1999 cents), not a fraction');
    if (value < 0) return refuse(errors, path, 'must not be negative');
    if (value > Number.MAX_SAFE_INTEGER) return refuse(errors, path, `must be at most ${Number.MAX_SAFE_INTEGER}`);
    return value;
  });
}

/** One of a fixed set of strings. */
export function oneOf<T extends string>(values: readonly T[], description?: string): Schema<T> {
  return schema({ type: 'string', enum: [...values], ...(description ? { description } : {}) }, (value, path, errors) => {
    if (typeof value !== 'string' || !values.includes(value as T)) return refuse(errors, path, `must be one of ${values.join(', ')}`);
    return value as T;
  });
}

/** A string that must also satisfy `accept` (a set membership, a date check, ...). */
export function checkedText(options: TextOptions & { accept: (value: string) => boolean; message: string }): Schema<string> {
  const base = text(options);
  return schema(base.jsonSchema(), (value, path, errors) => {
    if (typeof value === 'string' && value.length > 0 && characterCount(value) <= options.max && !options.accept(value)) return refuse(errors, path, options.message);
    return base.parse(value, path, errors);
  });
}

export interface ObjectOptions<T> {
  description?: string;
  /** At least this many known fields must be present (PATCH bodies: 1). */
  minProperties?: number;
  /** Cross-field rules, run when every field was valid. */
  refine?: (value: T, path: string, errors: FieldError[]) => void;
}

type Shape = Record<string, Schema<unknown>>;
export type ObjectOutput<S extends Shape> = { [K in keyof S]: Output<S[K]> };

/** A JSON object with exactly the given fields: unknown fields are refused, required ones must be present. */
export function object<S extends Shape>(shape: S, options: ObjectOptions<ObjectOutput<S>> = {}): Schema<ObjectOutput<S>> & { shape: S } {
  const required = Object.keys(shape).filter((key) => !shape[key].optional);
  const jsonSchema: JsonSchema = {
    type: 'object',
    additionalProperties: false,
    ...(required.length > 0 ? { required } : {}),
    ...(options.minProperties ? { minProperties: options.minProperties } : {}),
    ...(options.description ? { description: options.description } : {}),
    properties: Object.fromEntries(Object.entries(shape).map(([key, field]) => [key, field.jsonSchema()])),
  };
  return {
    optional: false,
    shape,
    jsonSchema: () => jsonSchema,
    parse(value, path, errors) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return refuse(errors, path, `must be a JSON object, not ${describeType(value)}`);
      const input = value as Record<string, unknown>;
      const before = errors.length;
      const output: Record<string, unknown> = {};
      for (const key of Object.keys(input)) {
        if (!Object.prototype.hasOwnProperty.call(shape, key)) refuse(errors, childPath(path, key), 'is not a known field');
      }
      let present = 0;
      for (const [key, field] of Object.entries(shape)) {
        const raw = Object.prototype.hasOwnProperty.call(input, key) ? input[key] : undefined;
        if (raw === undefined) {
          if (!field.optional) refuse(errors, childPath(path, key), 'is required');
          continue;
        }
        present++;
        const parsed = field.parse(raw, childPath(path, key), errors);
        if (parsed !== INVALID) output[key] = parsed;
      }
      if (errors.length === before && options.minProperties && present < options.minProperties) {
        refuse(errors, path, `must have at least ${options.minProperties} of: ${Object.keys(shape).join(', ')}`);
      }
      if (errors.length === before && options.refine) options.refine(output as ObjectOutput<S>, path, errors);
      return errors.length === before ? (output as ObjectOutput<S>) : INVALID;
    },
  };
}

/** Marks a field that may be left out. */
export function optional<T>(inner: Schema<T>): Schema<T | undefined> {
  return { ...inner, optional: true, parse: inner.parse, jsonSchema: inner.jsonSchema };
}

/** A field that may be null (to clear it) as well as a value. */
export function nullable<T>(inner: Schema<T>): Schema<T | null> {
  return {
    optional: inner.optional,
    parse: (value, path, errors) => (value === null ? null : inner.parse(value, path, errors)),
    jsonSchema: () => ({ ...inner.jsonSchema(), nullable: true }),
  };
}

/** An array of `min`..`max` items. */
export function array<T>(item: Schema<T>, options: { min: number; max: number; description?: string }): Schema<T[]> {
  return schema(
    {
      type: 'array',
      minItems: options.min,
      maxItems: options.max,
      items: item.jsonSchema(),
      ...(options.description ? { description: options.description } : {}),
    },
    (value, path, errors) => {
      if (!Array.isArray(value)) return refuse(errors, path, `must be an array, not ${describeType(value)}`);
      if (value.length < options.min || value.length > options.max) return refuse(errors, path, `must have ${options.min} to ${options.max} items`);
      const before = errors.length;
      const output = value.map((element, index) => item.parse(element, indexPath(path, index), errors));
      return errors.length === before ? (output as T[]) : INVALID;
    },
  );
}

export type Scalar = string | number | boolean;

/** A flat object of string keys to scalar values (SKU attributes such as `{ "size": "M" }`). */
export function scalarRecord(options: { maxKeys: number; keyMax: number; valueMax: number; description?: string }): Schema<Record<string, Scalar>> {
  return schema(
    {
      type: 'object',
      maxProperties: options.maxKeys,
      additionalProperties: {
        oneOf: [{ type: 'string', maxLength: options.valueMax }, { type: 'number', minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER }, { type: 'boolean' }],
      },
      // OpenAPI 3.0 has no propertyNames: the key rule is said in words.
      description: `${options.description ? `${options.description}. ` : ''}Keys are 1 to ${options.keyMax} characters.`,
    },
    (value, path, errors) => {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return refuse(errors, path, `must be a JSON object, not ${describeType(value)}`);
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.length > options.maxKeys) return refuse(errors, path, `must have at most ${options.maxKeys} keys`);
      const before = errors.length;
      for (const [key, item] of entries) {
        const field = childPath(path, key);
        const badKey = unstorableText(key);
        if (key.length === 0 || characterCount(key) > options.keyMax) refuse(errors, field, `keys must be 1 to ${options.keyMax} characters long`);
        else if (badKey) refuse(errors, field, `keys ${badKey}`);
        else if (key === '__proto__') refuse(errors, field, 'is not a key an attribute may have');
        else if (typeof item === 'string') {
          const badValue = unstorableText(item);
          if (characterCount(item) > options.valueMax) refuse(errors, field, `must be at most ${options.valueMax} characters long`);
          else if (badValue) refuse(errors, field, badValue);
        } else if (typeof item === 'number') {
          if (!Number.isFinite(item) || Math.abs(item) > Number.MAX_SAFE_INTEGER)
            refuse(errors, field, `must be a number no larger than ${Number.MAX_SAFE_INTEGER}`);
        } else if (typeof item !== 'boolean') refuse(errors, field, `must be a string, number or boolean, not ${describeType(item)}`);
      }
      return errors.length === before ? (value as Record<string, Scalar>) : INVALID;
    },
  );
}

/** A query-string integer ("20") in [min, max]. */
export function queryInteger(options: { min: number; max: number; description?: string }): Schema<number> {
  return schema(
    { type: 'integer', minimum: options.min, maximum: options.max, ...(options.description ? { description: options.description } : {}) },
    (value, path, errors) => {
      if (typeof value !== 'string' || !/^\d{1,9}$/.test(value))
        return refuse(errors, path, `must be a whole number between ${options.min} and ${options.max}`);
      const parsed = Number(value);
      if (parsed < options.min || parsed > options.max) return refuse(errors, path, `must be between ${options.min} and ${options.max}`);
      return parsed;
    },
  );
}

/** A comma-separated query list whose entries come from `values` ("PENDING,CONFIRMED"). */
export function queryList<T extends string>(values: readonly T[], description?: string): Schema<T[]> {
  return schema(
    {
      type: 'string',
      description: `${description ? `${description}; ` : ''}comma-separated, any of ${values.join(', ')}`,
      example: values.slice(0, 2).join(','),
    },
    (value, path, errors) => {
      if (typeof value !== 'string') return refuse(errors, path, 'must be given once, as a comma-separated list');
      const entries = value.split(',').map((entry) => entry.trim());
      if (entries.some((entry) => !values.includes(entry as T)))
        return refuse(errors, path, `must be a comma-separated list of ${values.join(', ')}`);
      return [...new Set(entries)] as T[];
    },
  );
}

/**
 * Runs a schema on a whole request part. Query strings give arrays for repeated parameters, so the caller
 * passes them as they are and the schema refuses them.
 */
export function validate<T>(target: Schema<T>, value: unknown, path = ''): { ok: true; value: T } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const parsed = value === undefined ? refuse(errors, path, 'is required') : target.parse(value, path, errors);
  return parsed === INVALID ? { ok: false, errors } : { ok: true, value: parsed };
}
