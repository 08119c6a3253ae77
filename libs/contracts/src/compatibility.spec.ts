import { CompatibilityMode, checkPublishedContracts, compareSchemas, describeIncompatibility } from './compatibility';
import type { JsonSchema } from './contract';
import { PaymentCapturedV1Contract } from './payments/payment-captured.v1';
import { publishedSchema } from './published-schema';

type Mutable = { [key: string]: any };
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value));
/** The published schema of payments.payment-captured v1, as a plain JSON document. */
const base = (): Mutable => clone(publishedSchema(PaymentCapturedV1Contract));
const edit = (change: (schema: Mutable) => void): JsonSchema => {
  const schema = base();
  change(schema);
  return schema;
};
/** A small open object schema for the cases the real (closed) contracts cannot show. */
const open = (properties: Mutable, extra: Mutable = {}): JsonSchema => ({ type: 'object', properties, ...extra });

describe('compareSchemas', () => {
  it.each<[string, JsonSchema, JsonSchema, CompatibilityMode]>([
    ['identical schemas', base(), base(), 'full'],
    ['a reworded description', base(), edit((s) => (s.description = 'Money moved.')), 'full'],
    ['a new title and $comment', base(), edit((s) => Object.assign(s, { title: 'Captured', $comment: 'see VERSIONING.md' })), 'full'],
    ['properties in another order', base(), edit((s) => (s.properties.payload.properties = Object.fromEntries(Object.entries(s.properties.payload.properties).reverse()))), 'full'],
    ['required in another order', base(), edit((s) => s.properties.payload.required.reverse()), 'full'],
    ['enum values in another order', open({ s: { enum: ['A', 'B'] } }), open({ s: { enum: ['B', 'A'] } }), 'full'],
    ['nullable alternatives in another order', open({ r: { anyOf: [{ type: 'string' }, { type: 'null' }] } }), open({ r: { anyOf: [{ type: 'null' }, { type: 'string' }] } }), 'full'],
    ['an open object documenting an extra property it already allowed', open({ a: { type: 'string' } }), open({ a: { type: 'string' }, b: { description: 'free text' } }), 'full'],
    // Old messages may carry any value under b, so typing it is only safe towards consumers on the old schema.
    ['a typed optional property added to an open object, old consumers only', open({ a: { type: 'string' } }), open({ a: { type: 'string' }, b: { type: 'integer' } }), 'forward'],
    ['a raised maxLength, readers of old messages only', base(), edit((s) => (s.properties.payload.properties.provider.maxLength = 100)), 'backward'],
    ['an enum value added, readers of old messages only', open({ s: { enum: ['A'] } }), open({ s: { enum: ['A', 'B'] } }), 'backward'],
    ['a property added to a closed object, readers of old messages only', base(), edit((s) => (s.properties.payload.properties.note = { type: 'string' })), 'backward'],
    ['a lowered maxLength, old consumers only', base(), edit((s) => (s.properties.payload.properties.provider.maxLength = 20)), 'forward'],
    ['integer to number is widening only', open({ n: { type: 'integer' } }), open({ n: { type: 'number' } }), 'backward'],
    ['an equivalent tighter exclusive bound', open({ n: { type: 'integer', exclusiveMinimum: 0 } }), open({ n: { type: 'integer', exclusiveMinimum: 0, minimum: -5 } }), 'full'],
  ])('%s is compatible', (_name, published, current, mode) => {
    expect(compareSchemas(published, current, mode)).toEqual([]);
  });

  it.each<[string, JsonSchema, JsonSchema, CompatibilityMode, string, string]>([
    ['a removed property', base(), edit((s) => (delete s.properties.payload.properties.providerRef, s.properties.payload.required.splice(s.properties.payload.required.indexOf('providerRef'), 1))), 'full', '/payload/providerRef', 'property removed or renamed'],
    ['a renamed property (old name)', base(), edit((s) => renameAmount(s)), 'full', '/payload/amountCents', 'property removed or renamed'],
    ['a renamed property (new name)', base(), edit((s) => renameAmount(s)), 'full', '/payload/amountMinor', 'new required property'],
    ['a new required property', base(), edit((s) => (s.properties.payload.properties.method = { type: 'string' }, s.properties.payload.required.push('method'))), 'full', '/payload/method', 'new required property'],
    ['a property added to a closed object', base(), edit((s) => (s.properties.payload.properties.note = { type: 'string' })), 'full', '/payload/note', 'property added to a closed object'],
    ['a required property made optional', base(), edit((s) => s.properties.payload.required.pop()), 'full', '/payload/capturedAt', 'required property made optional'],
    ['a narrowed type', open({ v: { type: ['string', 'integer'] } }), open({ v: { type: 'string' } }), 'full', '/v', 'narrowed type'],
    ['a changed type', base(), edit((s) => (s.properties.payload.properties.attempt = { type: 'string' })), 'full', '/payload/attempt', 'narrowed type'],
    ['number to integer', open({ n: { type: 'number' } }), open({ n: { type: 'integer' } }), 'full', '/n', 'narrowed type'],
    ['integer to number', open({ n: { type: 'integer' } }), open({ n: { type: 'number' } }), 'full', '/n', 'widened type'],
    ['an enum value removed', open({ s: { enum: ['A', 'B'] } }), open({ s: { enum: ['A'] } }), 'full', '/s', 'narrowed enum'],
    ['an enum value added', open({ s: { enum: ['A'] } }), open({ s: { enum: ['A', 'B'] } }), 'full', '/s', 'widened enum'],
    ['an enum on a free string', open({ s: { type: 'string' } }), open({ s: { type: 'string', enum: ['A'] } }), 'full', '/s', 'narrowed enum'],
    ['a const changed', base(), edit((s) => (s.properties.type.const = 'payments.payment-settled')), 'full', '/type', 'narrowed const'],
    ['a changed pattern', base(), edit((s) => (s.properties.payload.properties.currency.pattern = '^[A-Z]{3,4}$')), 'full', '/payload/currency', 'pattern changed'],
    ['a pattern added', open({ s: { type: 'string' } }), open({ s: { type: 'string', pattern: '^x' } }), 'full', '/s', 'pattern changed'],
    ['a lowered maximum', base(), edit((s) => (s.properties.payload.properties.amountCents.maximum = 1_000_000)), 'full', '/payload/amountCents', 'narrowed maximum'],
    ['a raised minimum', base(), edit((s) => (s.properties.payload.properties.attempt.minimum = 2)), 'full', '/payload/attempt', 'narrowed minimum'],
    ['a minimum made exclusive', base(), edit((s) => (s.properties.payload.properties.attempt = { type: 'integer', exclusiveMinimum: 1 })), 'full', '/payload/attempt', 'narrowed minimum'],
    ['a removed minimum', base(), edit((s) => delete s.properties.payload.properties.attempt.minimum), 'full', '/payload/attempt', 'widened minimum'],
    ['a lowered maxLength', base(), edit((s) => (s.properties.payload.properties.providerRef.maxLength = 64)), 'full', '/payload/providerRef', 'narrowed maxLength'],
    ['a raised maxLength', base(), edit((s) => (s.properties.payload.properties.providerRef.maxLength = 512)), 'full', '/payload/providerRef', 'widened maxLength'],
    ['a format added', open({ t: { type: 'string' } }), open({ t: { type: 'string', format: 'date-time' } }), 'full', '/t', 'narrowed format'],
    ['additionalProperties tightened', open({ a: { type: 'string' } }), open({ a: { type: 'string' } }, { additionalProperties: false }), 'full', '/', 'additionalProperties tightened'],
    ['a typed property added to an open object', open({ a: { type: 'string' } }), open({ a: { type: 'string' }, b: { type: 'integer' } }), 'full', '/b', 'narrowed type'],
    ['additionalProperties narrowed to a type', open({}), open({}, { additionalProperties: { type: 'string' } }), 'full', '/*', 'narrowed type'],
    ['additionalProperties loosened', open({}, { additionalProperties: false }), open({}), 'forward', '/', 'additionalProperties loosened'],
    ['null no longer allowed', open({ r: { anyOf: [{ type: 'string' }, { type: 'null' }] } }), open({ r: { type: 'string' } }), 'full', '/r', 'narrowed type'],
    ['a status dropped from a nullable enum', open({ s: { anyOf: [{ enum: ['A', 'B'] }, { type: 'null' }] } }), open({ s: { anyOf: [{ enum: ['A'] }, { type: 'null' }] } }), 'full', '/s', 'narrowed enum'],
    ['an alternative added', open({ r: { anyOf: [{ type: 'string' }, { type: 'null' }] } }), open({ r: { anyOf: [{ type: 'string' }, { type: 'null' }, { type: 'integer' }] } }), 'full', '/r', 'widened type'],
    ['a raised minItems', open({ l: { type: 'array', items: { type: 'string' } } }), open({ l: { type: 'array', items: { type: 'string' }, minItems: 1 } }), 'full', '/l', 'narrowed minItems'],
    ['an item property removed', open({ l: { type: 'array', items: { type: 'object', additionalProperties: false, properties: { a: {}, b: {} } } } }), open({ l: { type: 'array', items: { type: 'object', additionalProperties: false, properties: { a: {} } } } }), 'full', '/l/[]/b', 'property removed or renamed'],
    ['uniqueItems added', open({ l: { type: 'array' } }), open({ l: { type: 'array', uniqueItems: true } }), 'full', '/l', 'narrowed uniqueItems'],
    ['a keyword the checker does not analyse', open({ s: { type: 'string' } }), open({ s: { type: 'string', not: { const: 'x' } } }), 'full', '/s', 'changed keyword that is not analysed'],
  ])('%s is incompatible', (_name, published, current, mode, path, change) => {
    const problems = compareSchemas(published, current, mode);
    expect(problems.map((problem) => `${problem.path} ${problem.change}`)).toContain(`${path} ${change}`);
  });

  it('says which readers a change breaks', () => {
    const removed = compareSchemas(base(), edit((s) => delete s.properties.payload.properties.provider));
    expect(removed).toContainEqual(expect.objectContaining({ path: '/payload/provider', change: 'property removed or renamed', breaks: ['backward'] }));
    const pattern = compareSchemas(open({ s: { type: 'string', pattern: '^a' } }), open({ s: { type: 'string', pattern: '^b' } }));
    expect(pattern).toEqual([expect.objectContaining({ path: '/s', change: 'pattern changed', breaks: ['backward', 'forward'] })]);
  });
});

function renameAmount(schema: Mutable): void {
  const payload = schema.properties.payload;
  payload.properties.amountMinor = payload.properties.amountCents;
  delete payload.properties.amountCents;
  payload.required = payload.required.map((name: string) => (name === 'amountCents' ? 'amountMinor' : name));
}

describe('checkPublishedContracts', () => {
  const published = new Map<string, JsonSchema>([
    ['a.unchanged.v1.json', open({ a: { type: 'string' } })],
    ['a.reworded.v1.json', open({ a: { type: 'string' } }, { description: 'old words' })],
    ['a.broken.v1.json', open({ a: { type: 'string' } }, { additionalProperties: false })],
    ['a.dropped.v1.json', open({})],
  ]);
  const current = new Map<string, JsonSchema>([
    ['a.unchanged.v1.json', open({ a: { type: 'string' } })],
    ['a.reworded.v1.json', open({ a: { type: 'string' } }, { description: 'new words' })],
    ['a.broken.v1.json', open({ a: { type: 'integer' } }, { additionalProperties: false })],
    ['a.broken.v2.json', open({ a: { type: 'integer' } }, { additionalProperties: false })],
  ]);
  const results = checkPublishedContracts(published, current);

  it.each([
    ['a.unchanged.v1.json', 'unchanged'],
    ['a.reworded.v1.json', 'compatible'],
    ['a.broken.v1.json', 'incompatible'],
    ['a.broken.v2.json', 'new'],
    ['a.dropped.v1.json', 'removed'],
  ])('%s is %s', (file, status) => {
    expect(results.find((result) => result.file === file)?.status).toBe(status);
  });

  it('names the event, the path and the change in its message', () => {
    const broken = results.find((result) => result.file === 'a.broken.v1.json')!;
    expect(describeIncompatibility(broken.file, broken.problems[0])).toMatch(/^a\.broken v1 \/a: narrowed type: .*string.*\(messages already published/);
  });
});
