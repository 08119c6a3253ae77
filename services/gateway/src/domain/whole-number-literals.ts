import type { JsonSchema } from '@shop/service-kit/validation';

/**
 * Money and counts are whole numbers (API.md: floats are refused). JSON.parse turns `1999.00000000000001`, `1999.0`
 * and `2e3` into whole numbers before any schema sees them, so the request's own text is read alongside the body's
 * schema: a number written with a fraction or an exponent where the schema says integer is named by its path
 * (`items[0].quantity`; keys are decoded, so an escaped `"\u0070riceCents"` is `priceCents`). Free-form values (a
 * SKU attribute named `quantity`) keep their fractions. The text is known to parse as JSON.
 */
export function fractionalIntegers(json: string, bodySchema: JsonSchema, limit = MAX_REPORTED): string[] {
  // Most bodies have no such number at all: a digit followed by a point or an exponent is needed for one.
  if (!/\d[.eE]/.test(json)) return [];
  const paths = new Set<string>();
  // One frame per open object or array, with the schema of its values where the body's schema reaches: a path is
  // built only for an integer field, so the work stays linear however deep or wide the body is.
  const stack: Frame[] = [];
  let at = 0;
  while (at < json.length) {
    SPACE.lastIndex = at;
    SPACE.test(json);
    at = SPACE.lastIndex;
    const char = json[at];
    if (char === undefined) break;
    const top = stack[stack.length - 1];
    if (char === '{' || char === '[') {
      const node = stack.length === 0 ? bodySchema : valueSchema(top);
      stack.push(char === '{' ? { kind: 'object', node, key: undefined } : { kind: 'array', node, index: 0 });
      at++;
    } else if (char === '}' || char === ']') {
      stack.pop();
      at++;
    } else if (char === ',') {
      if (top?.kind === 'array') top.index++;
      else if (top) top.key = undefined;
      at++;
    } else if (char === ':') {
      at++;
    } else if (char === '"') {
      const end = stringEnd(json, at);
      // A string where an object expects a key is the key; otherwise it is a value, skipped undecoded.
      if (top?.kind === 'object' && top.key === undefined) top.key = top.node ? (JSON.parse(json.slice(at, end)) as string) : '';
      at = end;
    } else if (char === '-' || (char >= '0' && char <= '9')) {
      NUMBER.lastIndex = at;
      const literal = NUMBER.exec(json)?.[0] ?? char;
      if (/[.eE]/.test(literal) && (stack.length === 0 ? bodySchema : valueSchema(top))?.type === 'integer') {
        paths.add(pathOf(stack));
        if (paths.size >= limit) break;
      }
      at += literal.length;
    } else {
      at++; // true, false, null: letters that are no token of their own here
    }
  }
  return [...paths];
}

/** Enough to fix a request by; a body of 60,000 such items gets the first ones, not a 4 MB answer. */
export const MAX_REPORTED = 20;

type Frame =
  | { kind: 'object'; node: JsonSchema | undefined; key: string | undefined }
  | { kind: 'array'; node: JsonSchema | undefined; index: number };

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const SPACE = /[ \t\n\r]*/y;

function stringEnd(json: string, start: number): number {
  let end = start + 1;
  while (json[end] !== '"') end += json[end] === '\\' ? 2 : 1;
  return end + 1;
}

/** The schema of the value the frame is at: its current property, or its items. */
function valueSchema(frame: Frame | undefined): JsonSchema | undefined {
  if (!frame?.node) return undefined;
  if (frame.kind === 'array') return frame.node.items as JsonSchema | undefined;
  const properties = frame.node.properties as Record<string, JsonSchema> | undefined;
  return properties && frame.key !== undefined && Object.prototype.hasOwnProperty.call(properties, frame.key) ? properties[frame.key] : undefined;
}

/** As the validators name fields: `items[0].quantity`, `body` for the body itself. */
function pathOf(stack: Frame[]): string {
  let path = '';
  for (const frame of stack) {
    if (frame.kind === 'array') path = `${path || 'body'}[${frame.index}]`;
    else path = path ? `${path}.${frame.key}` : (frame.key as string);
  }
  return path || 'body';
}
