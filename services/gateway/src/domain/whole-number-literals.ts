import type { JsonSchema } from '@shop/service-kit/validation';

/**
 * Money and counts are whole numbers (API.md: floats are refused). JSON.parse turns `1999.00000000000001`, `1999.0`
 * and `2e3` into whole numbers before any schema sees them, so the request's own text is read: every number
 * written with a fraction or an exponent is located by its path (`items[0].quantity`, keys decoded, so an escaped
 * `"\u0070riceCents"` is `priceCents`), and refused where the body's schema says integer. Free-form values
 * (a SKU attribute named `quantity`) keep their fractions.
 */
export function fractionalIntegers(json: string, bodySchema: JsonSchema): string[] {
  // Most bodies have no such number at all: a digit followed by a point or an exponent is needed for one.
  if (!/\d[.eE]/.test(json)) return [];
  const paths: string[] = [];
  for (const literal of fractionalNumberLiterals(json)) {
    if (isIntegerAt(bodySchema, literal.segments) && !paths.includes(literal.path)) paths.push(literal.path);
  }
  return paths;
}

export interface NumberLiteral {
  /** As the validators name fields: `items[0].quantity`, `body` for the body itself. */
  path: string;
  segments: Array<string | number>;
  literal: string;
}

type Frame = { kind: 'object'; key: string | undefined } | { kind: 'array'; index: number };

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const SPACE = /[ \t\n\r]*/y;

/**
 * The numbers of a JSON text (already known to parse) that carry a fraction or an exponent, with where they are.
 * One pass with an explicit stack, so a deeply nested body cannot exhaust the call stack.
 */
export function fractionalNumberLiterals(json: string): NumberLiteral[] {
  const found: NumberLiteral[] = [];
  const stack: Frame[] = [];
  let at = 0;
  const skipSpace = () => {
    SPACE.lastIndex = at;
    SPACE.test(json);
    at = SPACE.lastIndex;
  };
  const stringEnd = (start: number) => {
    let end = start + 1;
    while (json[end] !== '"') end += json[end] === '\\' ? 2 : 1;
    return end + 1;
  };
  const segments = () => stack.map((frame) => (frame.kind === 'object' ? (frame.key as string) : frame.index));

  while (at < json.length) {
    skipSpace();
    const char = json[at];
    if (char === undefined) break;
    const top = stack[stack.length - 1];
    if (char === '{') {
      stack.push({ kind: 'object', key: undefined });
      at++;
    } else if (char === '[') {
      stack.push({ kind: 'array', index: 0 });
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
      const end = stringEnd(at);
      // A string where an object expects a key is the key; otherwise it is a value, skipped undecoded.
      if (top?.kind === 'object' && top.key === undefined) top.key = JSON.parse(json.slice(at, end)) as string;
      at = end;
    } else if (char === '-' || (char >= '0' && char <= '9')) {
      NUMBER.lastIndex = at;
      const match = NUMBER.exec(json);
      const literal = match ? match[0] : char;
      if (/[.eE]/.test(literal)) {
        const path = segments();
        found.push({ path: pathOf(path), segments: path, literal });
      }
      at += literal.length;
    } else {
      // true, false, null
      while (at < json.length && /[a-z]/.test(json[at])) at++;
    }
  }
  return found;
}

function pathOf(segments: Array<string | number>): string {
  let path = '';
  for (const segment of segments) path = typeof segment === 'number' ? `${path || 'body'}[${segment}]` : path ? `${path}.${segment}` : segment;
  return path || 'body';
}

function isIntegerAt(schema: JsonSchema, segments: Array<string | number>): boolean {
  let node: JsonSchema | undefined = schema;
  for (const segment of segments) {
    if (!node) return false;
    if (typeof segment === 'number') node = node.items as JsonSchema | undefined;
    else {
      const properties = node.properties as Record<string, JsonSchema> | undefined;
      node = properties && Object.prototype.hasOwnProperty.call(properties, segment) ? properties[segment] : undefined;
    }
  }
  return node?.type === 'integer';
}
